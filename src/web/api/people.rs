//! Centres, people, roles, EQA grants, staff credentials, CPD and eligibility as JSON.
//! Access is decided by the shared actions (`web::actions::people`).

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::people::centre_people::Added;
use crate::actions::people::centre_people::{
    self as act, CpdInput, EqaGrantInput, NewCentreInput, NewPersonInput,
};
use crate::actions::people::directory;
use crate::actions::people::wire::centres::{
    CentreCreated, CentreOut, CentrePerson, CpdLogged, EqaGrantCreated, EqaGrantList, EqaGrantOut,
    PeopleList, PeopleParams, PersonAdded, StaffCredentialsAdded, StaffCredentialsRequest,
    StaffEligibility,
};
use crate::actions::people::wire::invitations::{
    InvitationAccepted, InvitationList, PersonInvited,
};
use crate::domain::ids::{CentreId, UserId};
use crate::domain::invitation::InvitationAnswer;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `POST /api/v1/centres`. Platform administrator.
pub async fn create_centre(
    state: web::Data<AppState>,
    current: CurrentUser,
    body: web::Json<NewCentreInput>,
) -> Result<HttpResponse, AppError> {
    let centre = act::create_centre(&state, &current, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(CentreCreated { id: centre.id }))
}

/// `GET /api/v1/centres/{centre_id}`. Anyone with a role or EQA grant there; the list of people
/// only for its centre administrators and IQAs.
pub async fn centre(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let (centre, everyone) = directory::centre_with_people(&state, &current, &id).await?;
    let people = everyone.map(|everyone| {
        everyone
            .into_iter()
            .map(|(u, roles)| CentrePerson::new(u, roles))
            .collect()
    });
    Ok(HttpResponse::Ok().json(CentreOut::new(centre, people)))
}

/// `POST /api/v1/centres/{centre_id}/users`. Centre administrator.
/// `GET /api/v1/centres/{centre_id}/users`: a page of the centre's people. Centre
/// administrator.
pub async fn people(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    params: web::Query<PeopleParams>,
) -> Result<HttpResponse, AppError> {
    let query = params.query()?;
    let page =
        crate::actions::people::staff_list::people_page(&state, &current, &id, &query).await?;
    Ok(HttpResponse::Ok().json(PeopleList::from(page)))
}

pub async fn add_person(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    body: web::Json<NewPersonInput>,
) -> Result<HttpResponse, AppError> {
    Ok(
        match act::add_person(&state, &current, &id, body.into_inner()).await? {
            Added::Joined(user) => HttpResponse::Created().json(PersonAdded { id: user.id }),
            Added::Invited(invitation) => {
                HttpResponse::Accepted().json(PersonInvited::from(&*invitation))
            }
        },
    )
}

/// `GET /api/v1/invitations`: the centres asking the caller to join them.
pub async fn invitations(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let asked = act::invitations_waiting(&state, &current).await?;
    Ok(HttpResponse::Ok().json(InvitationList::new(&asked)))
}

/// `POST /api/v1/invitations/{centre_id}/accept`: the invited person joins with the roles asked.
pub async fn accept_invitation(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let roles =
        act::answer_invitation(&state, &current, &centre, InvitationAnswer::Accepted).await?;
    Ok(HttpResponse::Ok().json(InvitationAccepted::new(&roles)))
}

/// `POST /api/v1/invitations/{centre_id}/decline`.
pub async fn decline_invitation(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    act::answer_invitation(&state, &current, &centre, InvitationAnswer::Declined).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `DELETE /api/v1/centres/{centre_id}/users/{user_id}/roles/{role}`. Centre administrator.
pub async fn remove_role(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(CentreId, UserId, String)>,
) -> Result<HttpResponse, AppError> {
    let (centre, user, role) = path.into_inner();
    act::remove_role(&state, &current, &centre, &user, &role).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /api/v1/centres/{centre_id}/eqa-grants`. Centre administrator.
pub async fn grant_eqa(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    body: web::Json<EqaGrantInput>,
) -> Result<HttpResponse, AppError> {
    let grant = act::grant_eqa(&state, &current, &id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(EqaGrantCreated::from(&grant)))
}

/// `GET /api/v1/centres/{centre_id}/eqa-grants`. Centre administrator.
pub async fn eqa_grants(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let grants = directory::eqa_grants(&state, &current, &id).await?;
    let grants = grants
        .iter()
        .map(|(g, name, email)| EqaGrantOut::new(g, name, email))
        .collect();
    Ok(HttpResponse::Ok().json(EqaGrantList { grants }))
}

/// `POST /api/v1/users/{user_id}/credentials`. A centre administrator of one of the person's centres.
pub async fn add_credentials(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<UserId>,
    body: web::Json<StaffCredentialsRequest>,
) -> Result<HttpResponse, AppError> {
    let mut ids = Vec::new();
    for input in body.into_inner().into_list() {
        ids.push(act::add_credential(&state, &current, &id, input).await?.id);
    }
    Ok(HttpResponse::Created().json(StaffCredentialsAdded { ids }))
}

/// `POST /api/v1/users/{user_id}/cpd`. The person, or a centre administrator of their centre.
pub async fn add_cpd(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<UserId>,
    body: web::Json<CpdInput>,
) -> Result<HttpResponse, AppError> {
    let entry = act::add_cpd(&state, &current, &id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(CpdLogged { id: entry.id }))
}

/// `GET /api/v1/users/{user_id}/eligibility`. The person, or a centre administrator or IQA of their centre.
pub async fn eligibility(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    let record = act::staff_record_of(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(StaffEligibility::new(
        &UserId::from_stored(record.user.id.as_str()),
        &record.eligibility,
    )))
}
