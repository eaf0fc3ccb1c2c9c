use super::*;
use crate::domain::standardisation::Verdict::{Met as M, NotYetMet as N};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.0005
}

fn counts(met: u32, not_yet_met: u32) -> Counts {
    Counts { met, not_yet_met }
}

#[test]
fn pairwise_agreement_per_criterion() {
    // 3 markers, 2 met and 1 not yet met: pairs (3·2 = 6 ordered) agreeing = 2·1 + 1·0 = 2,
    // 2/6 = 0.333.
    assert!(
        counts(2, 1)
            .pairwise_agreement()
            .is_some_and(|p| close(p, 0.333))
    );
    assert_eq!(counts(3, 0).pairwise_agreement(), Some(1.0));
    assert_eq!(counts(1, 1).pairwise_agreement(), Some(0.0));
    assert_eq!(counts(1, 0).pairwise_agreement(), None);
}

#[test]
fn fleiss_kappa_three_markers_five_criteria_by_hand() {
    // Criterion  met  not   P_i = (Σ n² − 3) / (3·2)
    // c1          3    0    (9 + 0 − 3)/6 = 1
    // c2          2    1    (4 + 1 − 3)/6 = 1/3
    // c3          0    3    1
    // c4          1    2    1/3
    // c5          3    0    1
    // P̄ = (1 + 1/3 + 1 + 1/3 + 1)/5 = 3.6667/5 = 0.7333
    // p_met = 9/15 = 0.6, p_not = 6/15 = 0.4, P_e = 0.36 + 0.16 = 0.52
    // κ = (0.7333 − 0.52)/(1 − 0.52) = 0.2133/0.48 = 0.444
    let table = [
        counts(3, 0),
        counts(2, 1),
        counts(0, 3),
        counts(1, 2),
        counts(3, 0),
    ];
    let kappa = fleiss(&table);
    assert!(kappa.value().is_some_and(|k| close(k, 0.444)), "{kappa:?}");
    assert_eq!(kappa.reading(), "moderate agreement");
}

#[test]
fn cohen_kappa_two_markers_six_criteria_by_hand() {
    // A: M M M N N M   B: M M N N M M
    // agree on 1, 2, 4, 6: p_o = 4/6 = 0.6667
    // A met 4/6, not 2/6; B met 4/6, not 2/6: p_e = (4/6)(4/6) + (2/6)(2/6) = 20/36 = 0.5556
    // κ = (0.6667 − 0.5556)/(1 − 0.5556) = 0.1111/0.4444 = 0.250
    let a = [M, M, M, N, N, M];
    let b = [M, M, N, N, M, M];
    let kappa = cohen(&a, &b);
    assert!(kappa.value().is_some_and(|k| close(k, 0.250)), "{kappa:?}");
    assert_eq!(kappa.reading(), "fair agreement");
}

#[test]
fn cohen_kappa_with_different_marginals() {
    // A: M M M M N   B: M M M N N
    // p_o = 4/5 = 0.8; A met 0.8 not 0.2; B met 0.6 not 0.4
    // p_e = 0.8·0.6 + 0.2·0.4 = 0.48 + 0.08 = 0.56
    // κ = (0.8 − 0.56)/(0.44) = 0.24/0.44 = 0.545
    let kappa = cohen(&[M, M, M, M, N], &[M, M, M, N, N]);
    assert!(kappa.value().is_some_and(|k| close(k, 0.545)), "{kappa:?}");
}

#[test]
fn kappa_is_undefined_when_every_verdict_is_the_same() {
    // Everyone says met on everything: P̄ = 1 and P_e = 1, so κ = 0/0.
    let fleiss_all = fleiss(&[counts(3, 0), counts(3, 0)]);
    assert_eq!(fleiss_all, Kappa::Undefined(ONE_CATEGORY));
    assert_eq!(fleiss_all.value(), None);
    assert!(fleiss_all.reading().starts_with("undefined"));
    assert_eq!(cohen(&[N, N], &[N, N]), Kappa::Undefined(ONE_CATEGORY));
}

#[test]
fn kappa_is_undefined_without_two_complete_markers() {
    assert_eq!(fleiss(&[]), Kappa::Undefined(TOO_FEW));
    assert_eq!(
        fleiss(&[counts(3, 0), counts(1, 1)]),
        Kappa::Undefined(TOO_FEW)
    );
    assert_eq!(cohen(&[M], &[]), Kappa::Undefined(TOO_FEW));
    let criteria = vec!["c1".to_owned()];
    let figures = exercise(&criteria, &[("a".into(), "c1".into(), M)]);
    assert_eq!(figures.kappa, Kappa::Undefined(TOO_FEW));
    assert_eq!(figures.criteria[0].agreement, None);
}

#[test]
fn perfect_disagreement_reads_as_less_than_chance() {
    // A: M N  B: N M: p_o = 0, p_e = 0.5·0.5 + 0.5·0.5 = 0.5, κ = −0.5/0.5 = −1
    let kappa = cohen(&[M, N], &[N, M]);
    assert_eq!(kappa.value(), Some(-1.0));
    assert_eq!(kappa.reading(), "poor agreement (less than chance)");
}

#[test]
fn exercise_counts_only_markers_who_judged_every_criterion_for_kappa() {
    let criteria: Vec<String> = ["c1", "c2", "c3", "c4", "c5"].map(String::from).to_vec();
    let table = [
        ("x", [M, M, N, M, M]),
        ("y", [M, M, N, N, M]),
        ("z", [M, N, N, N, M]),
    ];
    let mut verdicts: Vec<(String, String, Verdict)> = table
        .iter()
        .flat_map(|(who, vs)| {
            criteria
                .iter()
                .zip(vs)
                .map(|(c, v)| ((*who).to_owned(), c.clone(), *v))
        })
        .collect();
    // A fourth marker who judged one criterion only: in c1's percentage, not in kappa.
    verdicts.push(("w".into(), "c1".into(), M));
    let figures = exercise(&criteria, &verdicts);
    assert_eq!(figures.method, "fleiss");
    assert_eq!(figures.complete_markers, 3);
    assert!(figures.kappa.value().is_some_and(|k| close(k, 0.444)));
    assert_eq!(figures.criteria[0].counts, counts(4, 0));
    // overall: (1 + 1/3 + 1 + 1/3 + 1)/5 = 0.733
    assert!(figures.overall.is_some_and(|p| close(p, 0.733)));
}
