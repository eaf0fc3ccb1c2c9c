//! Testimony through the pages: the assessor asks in a form, the witness signs in their page (no
//! session: the origin and the link's own id are checked), the assessor decides in a form.

use crate::support::{Req, TestResult};
use crate::witness::{SQA_ITEM, WITNESS_EMAIL, mailed_token};
use crate::world::{World, show};

#[actix_web::test]
async fn asking_signing_and_accepting_through_the_pages() -> TestResult {
    let w = World::new().await?;
    let session = w.page_session(&w.assessor).await?;
    let list = format!("/registrations/{}/testimony", w.registration);
    let page = w.app.send(Req::get(&list).session(&session.cookie)).await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(page.body.contains("Ask a witness for testimony"));
    let csrf = session.csrf.as_str();
    let ask = |criteria: &'static str| {
        Req::post(&format!(
            "/registrations/{}/testimony-requests",
            w.registration
        ))
        .session(&session.cookie)
        .same_origin()
        .form(&[
            ("csrf_token", csrf),
            ("witness_name", "Wendy Witness"),
            ("witness_email", WITNESS_EMAIL),
            ("witness_role", "Team leader"),
            ("relationship", "Line manager"),
            ("activity", "Support planning <b>with</b> Mr B"),
            ("criteria", criteria),
        ])
    };
    let refused = w.app.send(ask("cg-3085/u002/lo1/ac1.1")).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("is not part of this learner&#39;s qualification")
            || refused
                .body
                .contains("is not part of this learner's qualification"),
        "{}",
        show(&refused)
    );
    let asked = w.app.send(ask(SQA_ITEM)).await;
    assert_eq!(
        (asked.status.as_u16(), asked.header("location")),
        (303, format!("{list}?done=asked").as_str())
    );

    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    let path = format!("/witness/{token}");
    let form = w.app.get(&path).await;
    assert_eq!(form.status, 200, "{}", show(&form));
    assert!(
        form.body
            .contains("Support planning &lt;b&gt;with&lt;/b&gt; Mr B")
    );
    let link_id = form.field("link_id").ok_or("no link id on the page")?;
    let fields = |link: &str| -> Vec<(&'static str, String)> {
        vec![
            ("link_id", link.to_owned()),
            ("confirm_name", "Wendy Witness".to_owned()),
            ("confirm_email", WITNESS_EMAIL.to_owned()),
            ("declared_role", "Team leader".to_owned()),
            (
                "testimony",
                "She listened to Mr B <em>first</em>.".to_owned(),
            ),
            ("signature", "Wendy Witness".to_owned()),
        ]
    };
    let send = |pairs: Vec<(&'static str, String)>, origin: bool| {
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let req = Req::post(&path).form(&refs);
        if origin { req.same_origin() } else { req }
    };
    assert_eq!(
        w.app.send(send(fields(&link_id), false)).await.status,
        403,
        "a post from elsewhere"
    );
    assert_eq!(
        w.app.send(send(fields("another-link"), true)).await.status,
        403,
        "a form for another link"
    );
    let mut wrong = fields(&link_id);
    wrong[2].1 = "someone.else@example.org".to_owned();
    let mismatch = w.app.send(send(wrong, true)).await;
    assert_eq!(mismatch.status, 422, "{}", show(&mismatch));
    assert!(
        mismatch
            .body
            .contains("must be the ones this request was sent to")
    );
    let signed = w.app.send(send(fields(&link_id), true)).await;
    assert_eq!(
        (signed.status.as_u16(), signed.header("location")),
        (303, path.as_str()),
        "{}",
        show(&signed)
    );
    let read_only = w.app.get(&path).await;
    assert!(
        read_only.body.contains("Signed by Wendy Witness")
            && read_only.body.contains("&lt;em&gt;first&lt;/em&gt;")
    );
    assert!(
        !read_only.body.contains("name=\"testimony\""),
        "a used link offers no form"
    );
    let twice = w.app.send(send(fields(&link_id), true)).await;
    assert_eq!(twice.status, 410, "{}", show(&twice));

    let listed = w.app.send(Req::get(&list).session(&session.cookie)).await;
    let request = listed
        .body
        .split("href=\"/testimony/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .ok_or("no request listed")?
        .to_owned();
    let testimony = format!("/testimony/{request}");
    let decision_page = w
        .app
        .send(Req::get(&testimony).session(&session.cookie))
        .await;
    assert!(
        decision_page
            .body
            .contains("Accept this testimony as evidence?"),
        "{}",
        show(&decision_page)
    );
    let decided = w
        .app
        .send(
            Req::post(&format!("{testimony}/decision"))
                .session(&session.cookie)
                .same_origin()
                .form(&[
                    ("csrf_token", csrf),
                    ("decision", "accept"),
                    ("reason", "Specific and signed"),
                    ("criteria", SQA_ITEM),
                ]),
        )
        .await;
    assert_eq!(
        (decided.status.as_u16(), decided.header("location")),
        (303, format!("{testimony}?done=accepted").as_str()),
        "{}",
        show(&decided)
    );
    let after = w
        .app
        .send(Req::get(&format!("{testimony}?done=accepted")).session(&session.cookie))
        .await;
    assert!(
        after.body.contains("The evidence item this became")
            && !after.body.contains("Accept this testimony as evidence?")
    );
    Ok(())
}
