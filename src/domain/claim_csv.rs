//! The claim files sent to the awarding bodies, one CSV layout per body (the columns are listed
//! in README.md). A cell that a spreadsheet would read as a formula (it begins with `=`, `+`,
//! `-` or `@`) is written with a leading apostrophe, so a learner called "=HYPERLINK(…)" stays
//! text.

use chrono::NaiveDate;

/// City & Guilds: one row per learner and unit.
pub const CITY_AND_GUILDS_COLUMNS: [&str; 7] = [
    "centre_number",
    "enrolment_number",
    "learner_name",
    "date_of_birth",
    "qualification_number",
    "unit_number",
    "achievement_date",
];

/// SQA: one row per candidate.
pub const SQA_COLUMNS: [&str; 6] = [
    "centre_number",
    "scn",
    "learner_name",
    "date_of_birth",
    "unit_code",
    "result",
];

/// Which layout a claim is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    CityAndGuilds,
    Sqa,
}

impl Layout {
    /// From the specification's awarding body.
    pub fn for_awarding_body(body: &str) -> Option<Self> {
        match body {
            "City & Guilds" => Some(Self::CityAndGuilds),
            "SQA" => Some(Self::Sqa),
            _ => None,
        }
    }
}

/// One unit of a claimed learner, with the date it was achieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedUnit {
    /// "001", or the SQA unit code "FX35 35".
    pub number: String,
    pub achieved_on: NaiveDate,
}

/// One learner of a claim, as the claim file needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimLine {
    pub centre_number: String,
    /// City & Guilds enrolment number, or the SQA Scottish Candidate Number.
    pub candidate_number: String,
    pub learner_name: String,
    pub date_of_birth: NaiveDate,
    pub qualification_number: String,
    pub units: Vec<ClaimedUnit>,
}

/// A cell as text a spreadsheet will not evaluate.
pub fn safe_cell(raw: &str) -> String {
    if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    }
}

fn rows(layout: Layout, line: &ClaimLine) -> Vec<Vec<String>> {
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    match layout {
        Layout::CityAndGuilds => line
            .units
            .iter()
            .map(|unit| {
                vec![
                    line.centre_number.clone(),
                    line.candidate_number.clone(),
                    line.learner_name.clone(),
                    date(line.date_of_birth),
                    line.qualification_number.clone(),
                    unit.number.clone(),
                    date(unit.achieved_on),
                ]
            })
            .collect(),
        Layout::Sqa => line
            .units
            .iter()
            .map(|unit| {
                vec![
                    line.centre_number.clone(),
                    line.candidate_number.clone(),
                    line.learner_name.clone(),
                    date(line.date_of_birth),
                    unit.number.clone(),
                    "Pass".to_owned(),
                ]
            })
            .collect(),
    }
}

/// The claim file: a header row, then the rows of every learner, every cell made safe.
pub fn write(layout: Layout, lines: &[ClaimLine]) -> Result<String, csv::Error> {
    let header: &[&str] = match layout {
        Layout::CityAndGuilds => &CITY_AND_GUILDS_COLUMNS,
        Layout::Sqa => &SQA_COLUMNS,
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header)?;
    for line in lines {
        for row in rows(layout, line) {
            out.write_record(row.iter().map(|cell| safe_cell(cell)))?;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str) -> Result<ClaimLine, String> {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| e.to_string());
        Ok(ClaimLine {
            centre_number: "123456".to_owned(),
            candidate_number: "ABC1234".to_owned(),
            learner_name: name.to_owned(),
            date_of_birth: date("1990-04-01")?,
            qualification_number: "3085-02".to_owned(),
            units: vec![
                ClaimedUnit {
                    number: "001".to_owned(),
                    achieved_on: date("2026-10-01")?,
                },
                ClaimedUnit {
                    number: "002".to_owned(),
                    achieved_on: date("2026-11-02")?,
                },
            ],
        })
    }

    #[test]
    fn city_and_guilds_has_a_row_per_unit_with_its_achievement_date() -> Result<(), String> {
        let csv =
            write(Layout::CityAndGuilds, &[line("Siân Jones")?]).map_err(|e| e.to_string())?;
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CITY_AND_GUILDS_COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "123456,ABC1234,Siân Jones,1990-04-01,3085-02,001,2026-10-01"
        );
        assert_eq!(lines.len(), 3);
        Ok(())
    }

    #[test]
    fn the_readme_documents_both_layouts_column_for_column() {
        let readme = include_str!("../../README.md");
        for header in [CITY_AND_GUILDS_COLUMNS.join(","), SQA_COLUMNS.join(",")] {
            assert!(
                readme.lines().any(|l| l == header),
                "README.md lists {header}"
            );
        }
        for column in CITY_AND_GUILDS_COLUMNS.iter().chain(SQA_COLUMNS.iter()) {
            assert!(readme.contains(&format!("| `{column}` |")), "{column}");
        }
    }

    #[test]
    fn a_name_beginning_with_a_formula_sign_stays_text() -> Result<(), String> {
        for name in ["=HYPERLINK(\"x\")", "+44", "-1", "@SUM(A1)"] {
            let csv = write(Layout::Sqa, &[line(name)?]).map_err(|e| e.to_string())?;
            let mut reader = csv::Reader::from_reader(csv.as_bytes());
            for record in reader.records() {
                let record = record.map_err(|e| e.to_string())?;
                assert_eq!(record.get(2), Some(format!("'{name}").as_str()));
            }
        }
        Ok(())
    }
}
