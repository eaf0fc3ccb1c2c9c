//! The demo's people: every account with its roles and credentials, and every learner's
//! registration (qualification, awarding-body reference, assessor and IQA).

use crate::domain::roles::Role;

pub const DEMO_PASSWORD: &str = "demo password for every role";

/// A credential: (kind, code, statement).
pub type Credential = (&'static str, &'static str, &'static str);

/// One demo account.
pub struct Person {
    pub email: &'static str,
    pub name: &'static str,
    pub roles: &'static [Role],
    pub credentials: &'static [Credential],
    pub platform_admin: bool,
}

const ASSESSOR: &[Credential] = &[
    (
        "competence",
        "occupationally_competent",
        "Registered social worker delivering self-directed support",
    ),
    ("qualification", "a1", "A1 awarded 2009"),
];

const IQA: &[Credential] = &[
    (
        "competence",
        "occupationally_knowledgeable",
        "Service manager, personalisation programme",
    ),
    ("qualification", "v1", "V1 awarded 2011"),
];

const fn staff(
    email: &'static str,
    name: &'static str,
    roles: &'static [Role],
    credentials: &'static [Credential],
) -> Person {
    Person {
        email,
        name,
        roles,
        credentials,
        platform_admin: false,
    }
}

const fn learner(email: &'static str, name: &'static str) -> Person {
    staff(email, name, &[Role::Learner], &[])
}

/// Every demo account, staff first. The first eight are those the browser journeys sign in as.
pub const PEOPLE: &[Person] = &[
    Person {
        email: "admin@demo.example",
        name: "Platform Administrator",
        roles: &[],
        credentials: &[],
        platform_admin: true,
    },
    staff(
        "exams@demo.example",
        "Eilidh MacLeod",
        &[Role::CentreAdmin],
        &[],
    ),
    staff(
        "tutor@demo.example",
        "Tomasz Nowak",
        &[Role::Tutor],
        &[(
            "competence",
            "occupationally_knowledgeable",
            "Twelve years teaching health and social care",
        )],
    ),
    staff(
        "assessor@demo.example",
        "Mòrag O'Neill",
        &[Role::Assessor],
        ASSESSOR,
    ),
    staff("iqa@demo.example", "Zoë Adeyemi", &[Role::Iqa], IQA),
    learner("learner1@demo.example", "Aisha Khan"),
    learner("learner2@demo.example", "Callum Fraser"),
    learner("learner3@demo.example", "Siobhan Kelly"),
    staff(
        "assessor2@demo.example",
        "Rhys Morgan",
        &[Role::Assessor],
        ASSESSOR,
    ),
    staff("iqa2@demo.example", "Priya Sharma", &[Role::Iqa], IQA),
    // The EQA holds no centre role: the centre administrator's grant (a story) gives access.
    staff("eqa@demo.example", "Gareth Hughes", &[], &[]),
    learner("learner4@demo.example", "Dylan Price"),
    learner("learner5@demo.example", "Fatima Begum"),
    learner("learner6@demo.example", "Ewan Campbell"),
    learner("learner7@demo.example", "Grace Mensah"),
    learner("learner8@demo.example", "Hamish Stewart"),
    learner("learner9@demo.example", "Isla Robertson"),
    learner("learner10@demo.example", "Jamal Ahmed"),
    learner("learner11@demo.example", "Katie Morrison"),
    learner("learner12@demo.example", "Lewis Grant"),
];

/// One registration: learner, qualification, awarding-body reference, assessor, IQA.
pub type Planned = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

const A1: &str = "assessor@demo.example";
const A2: &str = "assessor2@demo.example";
const I1: &str = "iqa@demo.example";
const I2: &str = "iqa2@demo.example";

/// Each demo learner on one qualification.
pub const LEARNERS: &[Planned] = &[
    ("learner1@demo.example", "cg-3085-01", None, A1, I1),
    (
        "learner2@demo.example",
        "cg-3085-02",
        Some("ABC1234"),
        A1,
        I1,
    ),
    (
        "learner3@demo.example",
        "sqa-fx35-35",
        Some("123456789"),
        A1,
        I1,
    ),
    (
        "learner4@demo.example",
        "cg-3085-01",
        Some("ABC2004"),
        A1,
        I1,
    ),
    (
        "learner5@demo.example",
        "cg-3085-01",
        Some("ABC2005"),
        A1,
        I1,
    ),
    (
        "learner6@demo.example",
        "cg-3085-02",
        Some("ABC2006"),
        A2,
        I2,
    ),
    (
        "learner7@demo.example",
        "sqa-fx35-35",
        Some("234567890"),
        A2,
        I2,
    ),
    (
        "learner8@demo.example",
        "cg-3085-01",
        Some("ABC2008"),
        A1,
        I1,
    ),
    (
        "learner9@demo.example",
        "cg-3085-01",
        Some("ABC2009"),
        A1,
        I1,
    ),
    (
        "learner10@demo.example",
        "cg-3085-01",
        Some("ABC2010"),
        A1,
        I1,
    ),
    (
        "learner11@demo.example",
        "cg-3085-01",
        Some("ABC2011"),
        A1,
        I1,
    ),
    (
        "learner12@demo.example",
        "cg-3085-02",
        Some("ABC2012"),
        A2,
        I2,
    ),
];
