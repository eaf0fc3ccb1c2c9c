//! What each API operation takes and gives, for the OpenAPI document: request and success bodies
//! named by their Rust types (`utoipa::ToSchema`), so the document is generated from the same
//! structs the handlers read and write and cannot drift from them.

use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{Ref, Schema};

/// Component schemas collected while the document is built: (name, schema).
pub type Schemas = Vec<(String, RefOr<Schema>)>;

/// A request or response body.
#[derive(Clone, Copy)]
pub enum Body {
    /// `application/json` of a type's schema (registered as a component).
    Json(fn(&mut Schemas) -> RefOr<Schema>),
    /// `multipart/form-data` with the fields of a type's schema (files as binary strings).
    Multipart(fn(&mut Schemas) -> RefOr<Schema>),
    /// A document of a fixed media type (`text/csv`, `application/pdf`, `application/zip`).
    Document(&'static str),
    /// A stored file, sent with its own media type.
    File,
}

/// `application/json` of `T`.
pub fn json<T: ToSchema>() -> Body {
    Body::Json(component::<T>)
}

/// `multipart/form-data` described by `T`.
pub fn multipart<T: ToSchema>() -> Body {
    Body::Multipart(component::<T>)
}

/// Register `T` (and what it refers to) and point at it. Two types of one name would clash in
/// the document; the OpenAPI tests refuse that.
pub fn component<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    T::schemas(schemas);
    let name = T::name().into_owned();
    schemas.push((name.clone(), T::schema()));
    RefOr::Ref(Ref::from_schema_name(name))
}

/// The success answer of an operation: its status and body (none for 204).
#[derive(Clone, Copy)]
pub struct Success {
    pub status: u16,
    pub body: Option<Body>,
}

/// A query parameter: name, JSON type (`string`, `integer`, `boolean`) and meaning.
pub type QueryParameter = (&'static str, &'static str, &'static str);

/// Everything the document says about an operation beyond its path and access.
#[derive(Clone, Copy)]
pub struct Contract {
    pub request: Option<Body>,
    /// Said of a write that reads no body at all (so the document declares none on purpose).
    pub no_body: bool,
    pub success: Success,
    /// A second success some requests get (a 202 where the work waits for someone else).
    pub also: Option<Success>,
    pub query: &'static [QueryParameter],
}

impl Default for Contract {
    fn default() -> Self {
        Self {
            request: None,
            no_body: false,
            success: Success {
                status: 200,
                body: None,
            },
            also: None,
            query: &[],
        }
    }
}

impl Contract {
    /// Whether the operation says what it takes (writes) and what it gives.
    pub fn is_complete(&self, writes: bool) -> bool {
        let gives = self.success.body.is_some() || self.success.status == 204;
        let takes = !writes || self.request.is_some() || self.no_body;
        gives && takes
    }
}
