//! The curriculum: the awarding bodies' specifications as data, loaded from `curriculum/*.toml`,
//! checked as a whole, and looked up by the readable ids that the rest of the platform stores.

mod case;
mod load;
pub mod model;
mod problem;
mod validate;
pub mod wire;
mod words;

pub use case::{CaseExport, CaseOptions, case_export, case_packages};
pub use load::{SourceFile, load_dir, load_sources};
pub use problem::{CurriculumError, Position, Problem};

use model::{Framework, Qualification, Specification, Unit};

/// The loaded, valid curriculum. Immutable once built; shared by every request.
#[derive(Debug, Clone)]
pub struct Curriculum {
    specifications: Vec<Specification>,
    version: String,
}

impl Curriculum {
    fn new(specifications: Vec<Specification>, version: String) -> Self {
        Self {
            specifications,
            version,
        }
    }

    /// SHA-256 of the files it was loaded from.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn specifications(&self) -> &[Specification] {
        &self.specifications
    }

    pub fn qualifications(&self) -> impl Iterator<Item = (&Specification, &Qualification)> {
        self.specifications
            .iter()
            .flat_map(|s| s.qualifications.iter().map(move |q| (s, q)))
    }

    pub fn qualification(&self, id: &str) -> Option<(&Specification, &Qualification)> {
        self.qualifications().find(|(_, q)| q.id == id)
    }

    /// How people name a qualification: its title and number ("Level 4 Award in … (3085-01)");
    /// an id the curriculum does not hold (a centre's folder changed) is shown as it is stored.
    pub fn qualification_name(&self, id: &str) -> String {
        self.qualification(id).map_or_else(
            || id.to_owned(),
            |(_, q)| format!("{} ({})", q.title, q.number),
        )
    }

    pub fn unit(&self, id: &str) -> Option<(&Specification, &Unit)> {
        self.specifications
            .iter()
            .flat_map(|s| s.units.iter().map(move |u| (s, u)))
            .find(|(_, u)| u.id == id)
    }

    /// The units a qualification is made of, in the order its rule of combination lists them.
    pub fn units_of<'a>(
        &'a self,
        qualification: &'a Qualification,
    ) -> impl Iterator<Item = &'a Unit> + 'a {
        qualification
            .mandatory_units
            .iter()
            .filter_map(|id| self.unit(id).map(|(_, u)| u))
    }

    /// A unit of a qualification, only when the qualification is made of it.
    pub fn unit_of(&self, qualification_id: &str, unit_id: &str) -> Option<&Unit> {
        let (_, qualification) = self.qualification(qualification_id)?;
        self.units_of(qualification).find(|u| u.id == unit_id)
    }

    pub fn frameworks(&self) -> impl Iterator<Item = (&Specification, &Framework)> {
        self.specifications
            .iter()
            .filter_map(|s| s.framework.as_ref().map(|f| (s, f)))
    }

    pub fn framework(&self, id: &str) -> Option<(&Specification, &Framework)> {
        self.frameworks().find(|(_, f)| f.id == id)
    }
}

/// The curriculum shipped with the platform, compiled into the binary, so that `serve` works from
/// any folder. A centre's own folder (`--curriculum DIR`) replaces it.
pub fn shipped_sources() -> Vec<SourceFile> {
    SHIPPED
        .iter()
        .map(|(name, text)| SourceFile {
            name: format!("curriculum/{name}"),
            text: (*text).to_owned(),
        })
        .collect()
}

const SHIPPED: &[(&str, &str)] = &[
    (
        "cg-3085.toml",
        include_str!("../../curriculum/cg-3085.toml"),
    ),
    (
        "sds-standards.toml",
        include_str!("../../curriculum/sds-standards.toml"),
    ),
    (
        "sqa-fx35-35.toml",
        include_str!("../../curriculum/sqa-fx35-35.toml"),
    ),
];

/// The shipped curriculum, loaded and checked.
pub fn shipped() -> Result<Curriculum, CurriculumError> {
    load_sources(shipped_sources())
}

/// The whole curriculum as JSON, every text included (`curriculum export --format json`).
pub fn export_json(curriculum: &Curriculum) -> serde_json::Value {
    serde_json::to_value(wire::CurriculumExport::new(curriculum)).unwrap_or_default()
}

#[cfg(test)]
mod broken_files;
#[cfg(test)]
mod shipped_files;
