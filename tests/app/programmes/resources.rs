//! Resources: text (Markdown, rendered inert), links (http/https only), files and recordings
//! through the evidence file checks, lived-experience credits; the starter set present and
//! editable or hidden per centre.

use actix_web::http::Method;
use serde_json::{Value, json};

use super::{O1, post, refused, send};
use crate::support::{Req, TestResult};
use crate::world::{EQA_QUALIFICATION, World, show};

fn list_path(w: &World) -> String {
    format!(
        "/api/v1/centres/{}/resources?qualification_id={EQA_QUALIFICATION}",
        w.centre_a
    )
}

fn text(title: &str, body: &str) -> Value {
    json!({"qualification_id": EQA_QUALIFICATION, "kind": "text", "title": title, "body": body, "outcome_ids": [O1]})
}

fn find<'a>(list: &'a Value, id: &str) -> Option<&'a Value> {
    list["resources"].as_array()?.iter().find(|r| r["id"] == id)
}

#[actix_web::test]
async fn resources_of_each_kind() -> TestResult {
    let w = World::new().await?;
    let create = format!("/api/v1/centres/{}/resources", w.centre_a);
    let mut lived = text("Choosing Option 1", "I chose a *direct payment* because...");
    lived["lived_experience"] = json!(true);
    lived["credit"] = json!("Mrs B, who directs her own support");
    let reply = post(&w, &w.tutor, &create, lived).await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    assert_eq!(reply.json()["credit"], "Mrs B, who directs her own support");
    let mut anonymous = text("Living with a budget", "...");
    anonymous["lived_experience"] = json!(true);
    assert_eq!(
        post(&w, &w.tutor, &create, anonymous).await.json()["credit"],
        "anonymous"
    );
    let link = json!({"qualification_id": EQA_QUALIFICATION, "kind": "link", "title": "SDS Scotland", "url": "https://www.selfdirectedsupportscotland.org.uk", "outcome_ids": [O1]});
    assert_eq!(post(&w, &w.tutor, &create, link.clone()).await.status, 201);
    let mut bad = link.clone();
    bad["url"] = json!("javascript:alert(1)");
    let reply = post(&w, &w.tutor, &create, bad).await;
    refused(&reply, 422, "invalid");
    assert_eq!(reply.json()["errors"][0]["field"], "url");
    let mut recording = link;
    recording["kind"] = json!("recording");
    recording["url"] = json!("https://video.example.org/option-2");
    assert_eq!(post(&w, &w.tutor, &create, recording).await.status, 201);
    // A file through the evidence file store, then downloaded by the learner.
    let upload = format!("/api/v1/centres/{}/resources/upload", w.centre_a);
    let form = |name: &'static str, kind: &'static str, content: &'static str| {
        Req::post(&upload).multipart(&[
            ("qualification_id", None, EQA_QUALIFICATION),
            ("kind", None, kind),
            ("title", None, "Handout"),
            ("outcome_ids", None, O1),
            ("file", Some(name), content),
        ])
    };
    let reply = send(
        &w,
        &w.tutor,
        form("handout.txt", "file", "The four options of SDS.\n"),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    let id = reply.json()["id"].as_str().unwrap_or_default().to_owned();
    let file = send(
        &w,
        &w.learner,
        Req::get(&format!(
            "/api/v1/centres/{}/resources/{id}/file",
            w.centre_a
        )),
    )
    .await;
    assert_eq!(file.status, 200, "{}", show(&file));
    assert_eq!(file.body, "The four options of SDS.\n");
    // A recording must be audio or video; a text file is refused.
    let reply = send(&w, &w.tutor, form("talk.txt", "recording", "not audio\n")).await;
    refused(&reply, 422, "invalid");
    // Learners cannot add resources.
    refused(
        &post(&w, &w.learner, &create, text("Mine", "x")).await,
        403,
        "forbidden",
    );
    Ok(())
}

#[actix_web::test]
async fn a_file_that_fails_the_file_checks_is_refused_with_the_message() -> TestResult {
    let w = World::new().await?;
    let upload = format!("/api/v1/centres/{}/resources/upload", w.centre_a);
    let reply = send(
        &w,
        &w.tutor,
        Req::post(&upload).multipart(&[
            ("qualification_id", None, EQA_QUALIFICATION),
            ("kind", None, "file"),
            ("title", None, "Handout"),
            ("outcome_ids", None, O1),
            (
                "file",
                Some("handout.pdf"),
                "MZ\u{0}\u{0}This program cannot be run in DOS mode.",
            ),
        ]),
    )
    .await;
    refused(&reply, 422, "invalid");
    let errors = &reply.json()["errors"][0];
    assert_eq!(errors["field"], "file", "{}", show(&reply));
    assert!(
        errors["message"]
            .as_str()
            .unwrap_or_default()
            .contains("not PDF")
            || errors["message"]
                .as_str()
                .unwrap_or_default()
                .contains("cannot be uploaded"),
        "{}",
        show(&reply)
    );
    Ok(())
}

#[actix_web::test]
async fn markdown_with_script_is_rendered_inert() -> TestResult {
    let w = World::new().await?;
    let html = eportfolio::web::views::markdown::render("Read <script>alert(1)</script> **this**")
        .into_string();
    assert!(
        !html.contains("<script>") && html.contains("&lt;script&gt;"),
        "{html}"
    );
    // Stored as written (the API returns the source; pages render it through the sanitiser).
    let create = format!("/api/v1/centres/{}/resources", w.centre_a);
    let reply = post(
        &w,
        &w.tutor,
        &create,
        text("Careful", "<script>alert(1)</script>"),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    Ok(())
}

#[actix_web::test]
async fn the_starter_set_is_there_and_each_centre_edits_or_hides_its_own() -> TestResult {
    let w = World::new().await?;
    let list = send(&w, &w.learner, Req::get(&list_path(&w))).await;
    assert_eq!(list.status, 200, "{}", show(&list));
    let list = list.json();
    let values = find(&list, "sqa-fx35-35-sds-values").ok_or("no SDS values")?;
    assert_eq!(
        values["body"],
        "- Respect\n- Fairness\n- Independence\n- Freedom\n- Safety\n"
    );
    let options = find(&list, "sqa-fx35-35-sds-four-options").ok_or("no four options")?;
    assert!(
        options["body"]
            .as_str()
            .unwrap_or_default()
            .contains("(1) a Direct Payment (a cash payment)")
    );
    assert!(find(&list, "sqa-fx35-35-reading-list").is_some());
    assert!(
        find(&list, "cg-3085-u001-useful-books-websites").is_none(),
        "another qualification's"
    );
    // Centre A edits one and hides another.
    let put = |id: &str| {
        Req::new(
            Method::PUT,
            &format!("/api/v1/centres/{}/resources/{id}", w.centre_a),
        )
    };
    let mut edited = text(
        "Reading list (our library has these)",
        "- Cahn, E.S. (2000)",
    );
    let reply = send(&w, &w.tutor, put("sqa-fx35-35-reading-list").json(&edited)).await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    edited["hidden"] = json!(true);
    let reply = send(
        &w,
        &w.centre_admin,
        put("sqa-fx35-35-reports").json(&edited),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    let list = send(&w, &w.learner, Req::get(&list_path(&w))).await.json();
    assert_eq!(
        find(&list, "sqa-fx35-35-reading-list").ok_or("edited")?["title"],
        "Reading list (our library has these)"
    );
    assert!(
        find(&list, "sqa-fx35-35-reports").is_none(),
        "hidden from learners"
    );
    let staff = send(&w, &w.tutor, Req::get(&list_path(&w))).await.json();
    assert_eq!(
        find(&staff, "sqa-fx35-35-reports").ok_or("staff see hidden")?["hidden"],
        true
    );
    // Centre B still has the starter set as shipped.
    let b = send(
        &w,
        &w.admin_b,
        Req::get(&format!(
            "/api/v1/centres/{}/resources?qualification_id={EQA_QUALIFICATION}",
            w.centre_b
        )),
    )
    .await
    .json();
    assert!(find(&b, "sqa-fx35-35-reports").is_some_and(|r| r["hidden"] == false));
    assert_ne!(
        find(&b, "sqa-fx35-35-reading-list").ok_or("b")?["title"],
        "Reading list (our library has these)"
    );
    // An unknown resource: 404.
    refused(
        &send(&w, &w.tutor, put("no-such-resource").json(&edited)).await,
        404,
        "not_found",
    );
    Ok(())
}
