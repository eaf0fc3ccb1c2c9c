use super::*;
use crate::domain::people::FieldError;

fn option(text: &str, correct: bool) -> OptionInput {
    OptionInput {
        text: text.to_owned(),
        correct,
        feedback: format!("About {text}"),
    }
}

fn question(kind: &str, options: Vec<OptionInput>) -> QuestionInput {
    QuestionInput {
        kind: kind.to_owned(),
        prompt: "Which?".to_owned(),
        options,
        guidance: String::new(),
    }
}

fn fields(errors: &[FieldError]) -> Vec<String> {
    errors.iter().map(|e| e.field.clone()).collect()
}

fn check() -> Result<Vec<Question>, Vec<FieldError>> {
    parse_questions(&[
        question("single_choice", vec![option("a", true), option("b", false)]),
        question(
            "multiple_choice",
            vec![option("a", true), option("b", true), option("c", false)],
        ),
        question("short_answer", vec![]),
    ])
}

fn answer(choices: &[usize]) -> AnswerInput {
    AnswerInput {
        choices: choices.to_vec(),
        text: String::new(),
    }
}

fn written(text: &str) -> AnswerInput {
    AnswerInput {
        choices: Vec::new(),
        text: text.to_owned(),
    }
}

#[test]
fn a_choice_question_with_no_correct_option_is_refused() {
    let got = parse_question(
        "",
        &question(
            "multiple_choice",
            vec![option("a", false), option("b", false)],
        ),
    );
    let errors = got.err().unwrap_or_default();
    assert_eq!(fields(&errors), vec!["options"]);
    assert!(errors[0].message.contains("no correct option"));
}

#[test]
fn a_single_choice_question_has_exactly_one_correct_option() {
    let got = parse_question(
        "",
        &question("single_choice", vec![option("a", true), option("b", true)]),
    );
    assert_eq!(fields(&got.err().unwrap_or_default()), vec!["options"]);
}

#[test]
fn a_choice_question_needs_at_least_two_options() {
    let got = parse_question(
        "questions[0]",
        &question("single_choice", vec![option("a", true)]),
    );
    assert_eq!(
        fields(&got.err().unwrap_or_default()),
        vec!["questions[0].options"]
    );
}

#[test]
fn blank_option_slots_are_ignored_and_short_answers_take_no_options() {
    let blank = OptionInput::default();
    let got = parse_question(
        "",
        &question(
            "single_choice",
            vec![option("a", true), blank.clone(), option("b", false)],
        ),
    );
    assert_eq!(got.map(|q| q.options.len()), Ok(2));
    let short = parse_question("", &question("short_answer", vec![blank]));
    assert!(short.is_ok());
    let with_option = parse_question("", &question("short_answer", vec![option("a", true)]));
    assert_eq!(
        fields(&with_option.err().unwrap_or_default()),
        vec!["options"]
    );
}

#[test]
fn an_unknown_kind_and_an_empty_prompt_are_named() {
    let mut input = question("essay", vec![]);
    input.prompt = " ".to_owned();
    let got = parse_questions(&[input]);
    assert_eq!(
        fields(&got.err().unwrap_or_default()),
        vec!["questions[0].kind", "questions[0].prompt"]
    );
}

#[test]
fn the_pass_mark_is_a_percentage() {
    assert_eq!(parse_heading("Values", "80"), Ok(("Values".to_owned(), 80)));
    for bad in ["0", "101", "eighty", ""] {
        assert_eq!(
            fields(&parse_heading("Values", bad).err().unwrap_or_default()),
            vec!["pass_mark"]
        );
    }
}

#[test]
fn objective_answers_are_marked_at_once_with_the_feedback_of_each_option_chosen()
-> Result<(), Vec<FieldError>> {
    let questions = check()?;
    let marked = mark(
        &questions,
        &[answer(&[0]), answer(&[1, 0]), written("Choice and control")],
    )?;
    assert_eq!(marked[0].correct, Some(true));
    assert_eq!(marked[0].feedback, vec!["About a"]);
    assert_eq!(marked[1].correct, Some(true));
    assert_eq!(marked[1].feedback, vec!["About a", "About b"]);
    assert_eq!(marked[2].correct, None);
    assert_eq!(state(&marked, 50), AttemptState::AwaitingTutor);
    Ok(())
}

#[test]
fn multiple_choice_is_all_or_nothing() -> Result<(), Vec<FieldError>> {
    let questions = check()?;
    for choices in [&[0][..], &[0, 1, 2][..], &[2][..]] {
        let marked = mark(&questions, &[answer(&[0]), answer(choices), written("x")])?;
        assert_eq!(marked[1].correct, Some(false), "{choices:?}");
    }
    Ok(())
}

#[test]
fn every_question_needs_a_fitting_answer() -> Result<(), Vec<FieldError>> {
    let questions = check()?;
    let short = mark(&questions, &[answer(&[0])]).err().unwrap_or_default();
    assert_eq!(fields(&short), vec!["answers"]);
    let bad = mark(&questions, &[answer(&[0, 1]), answer(&[7]), written(" ")])
        .err()
        .unwrap_or_default();
    assert_eq!(fields(&bad), vec!["answers[0]", "answers[1]", "answers[2]"]);
    Ok(())
}

#[test]
fn the_tutor_marks_a_short_answer_once_and_then_the_attempt_is_decided()
-> Result<(), Vec<FieldError>> {
    let questions = check()?;
    let mut marked = mark(&questions, &[answer(&[0]), answer(&[0]), written("x")])?;
    assert!(mark_short_answer(&questions, &mut marked, 0, true, "Good").is_err());
    assert!(mark_short_answer(&questions, &mut marked, 2, true, " ").is_err());
    mark_short_answer(&questions, &mut marked, 2, true, "Good").map_err(|e| vec![e])?;
    assert_eq!(marked[2].feedback, vec!["Good"]);
    assert!(mark_short_answer(&questions, &mut marked, 2, false, "Again").is_err());
    // Two of three right: 67%.
    assert_eq!(state(&marked, 66), AttemptState::Passed);
    assert_eq!(state(&marked, 67), AttemptState::NotPassed);
    Ok(())
}

#[test]
fn the_evidence_text_holds_the_questions_and_answers() -> Result<(), Vec<FieldError>> {
    let questions = check()?;
    let marked = mark(
        &questions,
        &[answer(&[0]), answer(&[0, 1]), written("Choice")],
    )?;
    let text = as_evidence_text("Values", &questions, &marked);
    assert!(text.contains("Knowledge check: Values"));
    assert!(text.contains("Answer (right): a; b"));
    assert!(text.contains("Answer (not marked): Choice"));
    Ok(())
}
