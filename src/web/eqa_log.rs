//! Every record an external quality assurer opens is logged (who, when, which record) in the
//! audit trail as `eqa_viewed` (see `actions::eqa::view_log`). One middleware does it for every read route, so a page added
//! later is logged too: after a successful GET by a caller who reads the record's centre through
//! an EQA grant, the record named by the route's parameters is written to the trail before the
//! response leaves. If the entry cannot be written, the record is not shown.

use crate::actions::AppState;
use crate::actions::eqa::view_log::{self, Opened, Owner};
use crate::store::eqa::RecordKind;
use crate::web::auth::{CurrentUser, reject};
use crate::web::error::AppError;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, web};

/// What the route's parameters name; `None` for a route that opens no centre's record.
pub fn opened(param: impl Fn(&str) -> Option<String>, path_and_query: &str) -> Option<Opened> {
    let record = |record_type, id: String, kind, owner_id: String| Opened {
        record_type,
        record_id: id,
        owner: Owner::Record(kind, owner_id),
    };
    if let (Some(file), Some(evidence)) = (param("file_id"), param("evidence_id")) {
        return Some(record(
            "evidence_file",
            file,
            RecordKind::Evidence,
            evidence,
        ));
    }
    let keyed = [
        ("evidence_id", "evidence_item", RecordKind::Evidence),
        ("sample_id", "sample", RecordKind::Sample),
        (
            "request_id",
            "testimony_request",
            RecordKind::TestimonyRequest,
        ),
        ("registration_id", "registration", RecordKind::Registration),
    ];
    for (name, record_type, kind) in keyed {
        if let Some(id) = param(name) {
            return Some(record(record_type, id.clone(), kind, id));
        }
    }
    param("centre_id").map(|centre| Opened {
        record_type: "page",
        record_id: path_and_query.to_owned(),
        owner: Owner::Centre(centre),
    })
}

/// The middleware: log what an EQA opened, or refuse to show it if the log cannot be written.
pub async fn log_eqa_views(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let response = next.call(request).await?;
    let reads = matches!(*response.request().method(), Method::GET | Method::HEAD);
    if !reads || !response.status().is_success() {
        return Ok(response.map_into_boxed_body());
    }
    let http = response.request().clone();
    let current = http.extensions().get::<CurrentUser>().cloned();
    match current.filter(|c| !c.eqa_grants.is_empty()) {
        None => Ok(response.map_into_boxed_body()),
        Some(current) => match record_view(&http, &current).await {
            Ok(()) => Ok(response.map_into_boxed_body()),
            Err(error) => Err(reject(&http, error)),
        },
    }
}

async fn record_view(request: &HttpRequest, current: &CurrentUser) -> Result<(), AppError> {
    let path = match request.uri().path_and_query() {
        Some(pq) => pq.as_str().to_owned(),
        None => request.path().to_owned(),
    };
    let info = request.match_info();
    let Some(opened) = opened(|name| info.get(name).map(str::to_owned), &path) else {
        return Ok(());
    };
    let state = request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal("application state missing".to_owned()))?;
    Ok(view_log::log_view(&state, current, opened, path).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn eqa_view_names_the_most_specific_record() {
        let file = opened(params(&[("evidence_id", "e1"), ("file_id", "f1")]), "/x");
        assert_eq!(
            file,
            Some(Opened {
                record_type: "evidence_file",
                record_id: "f1".into(),
                owner: Owner::Record(RecordKind::Evidence, "e1".into()),
            })
        );
        let registration = opened(params(&[("registration_id", "r1")]), "/x");
        assert_eq!(
            registration.map(|o| (o.record_type, o.record_id)),
            Some(("registration", "r1".to_owned()))
        );
        let page = opened(params(&[("centre_id", "c1")]), "/centres/c1/eqa?q=1");
        assert_eq!(
            page.map(|o| (o.record_id, o.owner)),
            Some(("/centres/c1/eqa?q=1".to_owned(), Owner::Centre("c1".into())))
        );
        assert_eq!(opened(params(&[("unit_id", "u")]), "/units/u"), None);
    }
}
