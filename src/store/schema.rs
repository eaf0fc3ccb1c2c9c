//! The one schema both backends share. Types are chosen to mean the same on SQLite and PostgreSQL:
//! ids are text, times are UTC `Timestamp`s.

diesel::table! {
    curriculum_loads (id) {
        id -> Text,
        version -> Text,
        files -> Integer,
        loaded_at -> Timestamp,
    }
}

diesel::table! {
    centres (id) {
        id -> Text,
        name -> Text,
        cg_centre_number -> Nullable<Text>,
        sqa_centre_number -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        password_hash -> Nullable<Text>,
        is_platform_admin -> Bool,
        password_changed_at -> Nullable<Timestamp>,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    two_step_factors (user_id) {
        user_id -> Text,
        secret -> Text,
        confirmed_at -> Nullable<Timestamp>,
        last_step -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> Text,
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    memberships (id) {
        id -> Text,
        user_id -> Text,
        centre_id -> Text,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    eqa_grants (id) {
        id -> Text,
        centre_id -> Text,
        user_id -> Text,
        qualification_id -> Text,
        expires_at -> Timestamp,
        granted_by -> Text,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    staff_credentials (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        code -> Text,
        statement -> Text,
        dated_on -> Date,
        recorded_by -> Text,
        created_at -> Timestamp,
        centre_id -> Nullable<Text>,
    }
}

diesel::table! {
    cpd_entries (id) {
        id -> Text,
        user_id -> Text,
        done_on -> Date,
        minutes -> Integer,
        activity -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        client_address -> Text,
        user_agent -> Text,
        two_step_setup -> Bool,
    }
}

diesel::table! {
    single_use_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sign_in_failures (id) {
        id -> Text,
        throttle_key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    audit_entries (seq) {
        seq -> BigInt,
        recorded_at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_name -> Text,
        centre_id -> Nullable<Text>,
        action -> Text,
        record_type -> Text,
        record_id -> Text,
        reason -> Nullable<Text>,
        details -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    mail_preferences (user_id) {
        user_id -> Text,
        cadence -> Text,
        digest_through -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    mail_queue (id) {
        id -> Text,
        to_address -> Text,
        to_name -> Text,
        subject -> Text,
        body_text -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    registrations (id) {
        id -> Text,
        centre_id -> Text,
        learner_id -> Text,
        qualification_id -> Text,
        awarding_body_ref -> Nullable<Text>,
        date_of_birth -> Date,
        start_date -> Date,
        planned_end_date -> Date,
        employer -> Text,
        workplace -> Text,
        assessor_id -> Text,
        iqa_id -> Text,
        tutor_id -> Nullable<Text>,
        support_needs -> Text,
        reasonable_adjustments -> Text,
        open_learning -> Bool,
        authenticator -> Nullable<Text>,
        status -> Text,
        registered_on -> Date,
        created_at -> Timestamp,
        authenticator_role -> Nullable<Text>,
        authenticator_email -> Nullable<Text>,
    }
}

diesel::table! {
    centre_invitations (id) {
        id -> Text,
        centre_id -> Text,
        user_id -> Text,
        roles -> Text,
        invited_by -> Text,
        invited_at -> Timestamp,
        answer -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        registration -> Nullable<Text>,
    }
}

diesel::table! {
    unit_allocations (registration_id, unit_id) {
        registration_id -> Text,
        unit_id -> Text,
        assessor_id -> Text,
        iqa_id -> Text,
        allocated_by -> Text,
        allocated_at -> Timestamp,
    }
}

diesel::table! {
    registration_prior_learning (registration_id) {
        registration_id -> Text,
        description -> Text,
        exemptions -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    registration_changes (id) {
        id -> Text,
        registration_id -> Text,
        changed_at -> Timestamp,
        changed_by -> Text,
        change -> Text,
        reason -> Text,
        details -> Text,
    }
}

diesel::table! {
    evidence_items (id) {
        id -> Text,
        registration_id -> Text,
        kind -> Text,
        title -> Text,
        activity_date -> Date,
        status -> Text,
        current_version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    evidence_versions (id) {
        id -> Text,
        evidence_id -> Text,
        version -> Integer,
        description -> Text,
        body_text -> Text,
        word_count -> Nullable<Integer>,
        content_sha256 -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    evidence_files (id) {
        id -> Text,
        evidence_id -> Text,
        store_key -> Text,
        filename -> Text,
        media_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        word_count -> Nullable<Integer>,
        added_in_version -> Integer,
        uploaded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    evidence_mappings (id) {
        id -> Text,
        evidence_id -> Text,
        item_id -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    evidence_declarations (id) {
        id -> Text,
        evidence_id -> Text,
        version -> Integer,
        typed_name -> Text,
        content_sha256 -> Text,
        signed_by -> Text,
        signed_at -> Timestamp,
    }
}

diesel::table! {
    judgements (id) {
        id -> Text,
        registration_id -> Text,
        item_id -> Text,
        unit_id -> Text,
        round -> Integer,
        outcome -> Text,
        feedback -> Text,
        assessor_id -> Text,
        judged_at -> Timestamp,
        audit_hash -> Nullable<Text>,
    }
}

diesel::table! {
    judgement_evidence (id) {
        id -> Text,
        judgement_id -> Text,
        evidence_id -> Text,
        evidence_version -> Integer,
    }
}

diesel::table! {
    observations (id) {
        id -> Text,
        registration_id -> Text,
        observer_kind -> Text,
        observer_id -> Nullable<Text>,
        observer_name -> Text,
        planned -> Bool,
        observed_on -> Date,
        setting -> Text,
        people_present -> Text,
        narrative -> Text,
        criteria -> Text,
        range_items -> Text,
        recorded_at -> Timestamp,
        audit_hash -> Nullable<Text>,
    }
}

diesel::table! {
    unit_sign_offs (id) {
        id -> Text,
        registration_id -> Text,
        unit_id -> Text,
        signed_off_by -> Text,
        signed_off_at -> Timestamp,
        unlocked_at -> Nullable<Timestamp>,
        unlocked_by -> Nullable<Text>,
        unlock_kind -> Nullable<Text>,
        unlock_reason -> Nullable<Text>,
        audit_hash -> Nullable<Text>,
    }
}

diesel::table! {
    signatures (id) {
        id -> Text,
        registration_id -> Text,
        record_type -> Text,
        record_id -> Text,
        signer_role -> Text,
        signer_id -> Nullable<Text>,
        signer_name -> Text,
        signed_at -> Timestamp,
        client_address -> Text,
        content_sha256 -> Text,
        audit_hash -> Nullable<Text>,
    }
}

diesel::table! {
    testimony_requests (id) {
        id -> Text,
        registration_id -> Text,
        requested_by -> Text,
        witness_name -> Text,
        witness_email -> Text,
        witness_role -> Text,
        relationship -> Text,
        expert -> Bool,
        criteria -> Text,
        activity -> Text,
        link_id -> Text,
        link_expires_at -> Timestamp,
        link_used_at -> Nullable<Timestamp>,
        status -> Text,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_reason -> Nullable<Text>,
        evidence_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    witness_testimonies (request_id) {
        request_id -> Text,
        declared_role -> Text,
        testimony -> Text,
        expert_statement -> Text,
        working_knowledge_of_units -> Bool,
        occupationally_competent -> Bool,
        assessment_qualifications -> Text,
        work_role_evaluates_practice -> Bool,
        observed_on -> Nullable<Date>,
        observation_setting -> Nullable<Text>,
        observation_narrative -> Nullable<Text>,
        observation_criteria -> Nullable<Text>,
        signed_name -> Text,
        signed_at -> Timestamp,
        client_address -> Text,
        content_sha256 -> Text,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        subject -> Text,
        body -> Text,
        link -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    bank_questions (id) {
        id -> Text,
        centre_id -> Text,
        item_id -> Text,
        text -> Text,
        author_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    occasions (id) {
        id -> Text,
        registration_id -> Text,
        learner_id -> Text,
        unit_id -> Text,
        method -> Text,
        seed -> BigInt,
        opens_at -> Timestamp,
        scheduled_by -> Text,
        created_at -> Timestamp,
        open_notified_at -> Nullable<Timestamp>,
        extra_time_minutes -> Integer,
        adjustments -> Text,
    }
}

diesel::table! {
    occasion_items (id) {
        id -> Text,
        occasion_id -> Text,
        learner_id -> Text,
        item_id -> Text,
        question_id -> Text,
        position -> Integer,
        answer -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
        feedback -> Nullable<Text>,
        marked_by -> Nullable<Text>,
        marked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    assessment_plans (id) {
        id -> Text,
        registration_id -> Text,
        activities -> Text,
        criteria -> Text,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_reviews (id) {
        id -> Text,
        plan_id -> Text,
        registration_id -> Text,
        reviewed_on -> Date,
        progress -> Text,
        next_steps -> Text,
        next_review_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(evidence_mappings -> evidence_items (evidence_id));
diesel::joinable!(judgement_evidence -> judgements (judgement_id));
diesel::joinable!(witness_testimonies -> testimony_requests (request_id));
diesel::joinable!(evidence_versions -> evidence_items (evidence_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(memberships -> centres (centre_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(mail_preferences -> users (user_id));
diesel::joinable!(unit_allocations -> registrations (registration_id));
diesel::joinable!(centre_invitations -> centres (centre_id));
diesel::joinable!(staff_credentials -> users (user_id));
diesel::joinable!(occasion_items -> occasions (occasion_id));
diesel::joinable!(occasion_items -> bank_questions (question_id));

diesel::allow_tables_to_appear_in_same_query!(
    two_step_factors,
    recovery_codes,
    centres,
    users,
    memberships,
    eqa_grants,
    staff_credentials,
    cpd_entries,
    sessions,
    single_use_tokens,
    sign_in_failures,
    audit_entries,
    mail_queue,
    mail_preferences,
    unit_allocations,
    centre_invitations,
    curriculum_loads,
    registrations,
    registration_prior_learning,
    registration_changes,
    evidence_items,
    evidence_versions,
    evidence_files,
    evidence_mappings,
    evidence_declarations,
    judgements,
    judgement_evidence,
    observations,
    unit_sign_offs,
    signatures,
    testimony_requests,
    witness_testimonies,
    notifications,
    bank_questions,
    occasions,
    occasion_items,
    assessment_plans,
    plan_reviews,
    claims,
    claim_learners,
    sampling_plans,
    sampling_rates,
    samples,
    sample_checks,
    iqa_actions,
    standardisation_activities,
    standardisation_people,
    standardisation_actions,
    double_marking_exercises,
    double_marking_markers,
    double_marking_judgements,
    standardisation_decisions,
    eqa_samples,
    centre_retention,
    registration_purges,
);

diesel::table! {
    sampling_plans (id) {
        id -> Text,
        centre_id -> Text,
        qualification_id -> Text,
        iqa_id -> Text,
        period_start -> Date,
        period_end -> Date,
        experienced_rate -> Integer,
        interim_on -> Date,
        summative_on -> Date,
        focus -> Text,
        notes -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sampling_rates (id) {
        id -> Text,
        plan_id -> Text,
        assessor_id -> Text,
        risk -> Text,
        rate -> Integer,
        signed_off_at -> Nullable<Timestamp>,
        signed_off_by -> Nullable<Text>,
    }
}

diesel::table! {
    samples (id) {
        id -> Text,
        centre_id -> Text,
        qualification_id -> Text,
        plan_id -> Nullable<Text>,
        registration_id -> Text,
        judgement_id -> Text,
        unit_id -> Text,
        item_id -> Text,
        assessor_id -> Text,
        iqa_id -> Text,
        stage -> Text,
        seed -> Nullable<BigInt>,
        picked_by -> Text,
        adjustment_reason -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    programmes (id) {
        id -> Text,
        centre_id -> Text,
        qualification_id -> Text,
        title -> Text,
        description -> Text,
        pacing -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    programme_sessions (id) {
        id -> Text,
        programme_id -> Text,
        position -> Integer,
        title -> Text,
        summary -> Text,
        outcome_ids -> Text,
        criterion_ids -> Text,
        starts_on -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    programme_members (id) {
        id -> Text,
        programme_id -> Text,
        registration_id -> Text,
        learner_id -> Text,
        joined_at -> Timestamp,
    }
}

diesel::table! {
    programme_progress (id) {
        id -> Text,
        programme_id -> Text,
        session_id -> Text,
        registration_id -> Text,
        completed_at -> Timestamp,
    }
}

diesel::table! {
    resources (id) {
        id -> Text,
        centre_id -> Text,
        qualification_id -> Text,
        starter_id -> Nullable<Text>,
        kind -> Text,
        title -> Text,
        body -> Text,
        url -> Nullable<Text>,
        outcome_ids -> Text,
        store_key -> Nullable<Text>,
        filename -> Nullable<Text>,
        media_type -> Nullable<Text>,
        size_bytes -> Nullable<BigInt>,
        sha256 -> Nullable<Text>,
        lived_experience -> Bool,
        credit -> Nullable<Text>,
        hidden -> Bool,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    learning_entries (id) {
        id -> Text,
        registration_id -> Text,
        learner_id -> Text,
        activity_on -> Date,
        minutes -> Integer,
        description -> Text,
        outcome_ids -> Text,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    programmes,
    programme_sessions,
    programme_members,
    programme_progress,
    resources,
    learning_entries,
    registrations,
);
diesel::allow_tables_to_appear_in_same_query!(programme_members, users);
diesel::allow_tables_to_appear_in_same_query!(learning_entries, users);

diesel::table! {
    standardisation_activities (id) {
        id -> Text,
        centre_id -> Text,
        qualification_id -> Text,
        held_on -> Date,
        title -> Text,
        units -> Text,
        agreed -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    standardisation_people (activity_id, user_id, relation) {
        activity_id -> Text,
        user_id -> Text,
        relation -> Text,
    }
}

diesel::table! {
    standardisation_actions (id) {
        id -> Text,
        activity_id -> Text,
        description -> Text,
        due_on -> Date,
        owner_id -> Text,
    }
}

diesel::table! {
    double_marking_exercises (id) {
        id -> Text,
        centre_id -> Text,
        qualification_id -> Text,
        evidence_id -> Text,
        iqa_id -> Text,
        anonymised_title -> Text,
        anonymised_text -> Text,
        anonymised_files -> Text,
        criteria -> Text,
        status -> Text,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    double_marking_markers (exercise_id, marker_id) {
        exercise_id -> Text,
        marker_id -> Text,
    }
}

diesel::table! {
    double_marking_judgements (id) {
        id -> Text,
        exercise_id -> Text,
        marker_id -> Text,
        criterion_id -> Text,
        outcome -> Text,
        comment -> Text,
        judged_at -> Timestamp,
    }
}

diesel::table! {
    standardisation_decisions (id) {
        id -> Text,
        exercise_id -> Text,
        centre_id -> Text,
        qualification_id -> Text,
        criterion_id -> Text,
        outcome -> Text,
        rationale -> Text,
        agreement_percent -> Nullable<Integer>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    eqa_samples (id) {
        id -> Text,
        centre_id -> Text,
        qualification_id -> Text,
        eqa_id -> Text,
        judgement_id -> Text,
        registration_id -> Text,
        note -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    knowledge_checks (id) {
        id -> Text,
        programme_id -> Text,
        outcome_id -> Text,
        title -> Text,
        pass_mark -> Integer,
        questions -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    check_attempts (id) {
        id -> Text,
        check_id -> Text,
        programme_id -> Text,
        registration_id -> Text,
        learner_id -> Text,
        state -> Text,
        answers -> Text,
        questions_right -> Nullable<Integer>,
        started_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        marked_by -> Nullable<Text>,
        marked_at -> Nullable<Timestamp>,
        evidence_id -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(knowledge_checks, check_attempts, users);

diesel::table! {
    claims (id) {
        id -> Text,
        centre_id -> Text,
        qualification_id -> Text,
        awarding_body -> Text,
        status -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        submitted_by -> Nullable<Text>,
        certificated_at -> Nullable<Timestamp>,
        returned_at -> Nullable<Timestamp>,
        return_reason -> Nullable<Text>,
        audit_hash -> Nullable<Text>,
    }
}

diesel::table! {
    claim_learners (id) {
        id -> Text,
        claim_id -> Text,
        registration_id -> Text,
        claim_kind -> Text,
        claim_key -> Text,
        units -> Text,
        live -> Bool,
        certificate_number -> Nullable<Text>,
        certificated_on -> Nullable<Date>,
        created_at -> Timestamp,
        audit_hash -> Nullable<Text>,
    }
}

diesel::table! {
    centre_retention (centre_id) {
        centre_id -> Text,
        years -> Integer,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    registration_purges (registration_id) {
        registration_id -> Text,
        certificated_on -> Date,
        retention_years -> Integer,
        rows_removed -> BigInt,
        files_removed -> BigInt,
        purged_at -> Timestamp,
    }
}

diesel::table! {
    sample_checks (id) {
        id -> Text,
        sample_id -> Text,
        check_no -> Integer,
        outcome -> Text,
        feedback -> Text,
        iqa_id -> Text,
        recorded_at -> Timestamp,
        audit_hash -> Nullable<Text>,
    }
}

diesel::table! {
    iqa_actions (id) {
        id -> Text,
        sample_id -> Text,
        registration_id -> Text,
        assessor_id -> Text,
        description -> Text,
        due_on -> Date,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<Text>,
        closing_note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    centre_signing_keys (centre_id) {
        centre_id -> Text,
        seed -> Text,
        public_x -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(centre_signing_keys -> centres (centre_id));
diesel::allow_tables_to_appear_in_same_query!(centre_signing_keys, centres);

diesel::table! {
    authentication_requests (id) {
        id -> Text,
        registration_id -> Text,
        requested_by -> Text,
        authenticator_name -> Text,
        authenticator_role -> Text,
        authenticator_email -> Text,
        items -> Text,
        link_id -> Text,
        link_expires_at -> Timestamp,
        link_used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    evidence_authentications (id) {
        id -> Text,
        request_id -> Text,
        registration_id -> Text,
        evidence_id -> Text,
        evidence_version -> Integer,
        signed_name -> Text,
        signed_role -> Text,
        signed_at -> Timestamp,
        token_hash -> Text,
    }
}

diesel::joinable!(evidence_authentications -> authentication_requests (request_id));
diesel::allow_tables_to_appear_in_same_query!(authentication_requests, evidence_authentications);

diesel::table! {
    audit_signing_keys (key_id) {
        key_id -> Text,
        seed -> Text,
        public_x -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_checkpoints (id) {
        id -> Text,
        entry_count -> BigInt,
        head_hash -> Text,
        recorded_at -> Timestamp,
        key_id -> Text,
        signature -> Text,
    }
}

diesel::joinable!(audit_checkpoints -> audit_signing_keys (key_id));
diesel::allow_tables_to_appear_in_same_query!(audit_checkpoints, audit_signing_keys);

diesel::table! {
    assignments (id) {
        id -> Text,
        centre_id -> Text,
        unit_id -> Text,
        version_label -> Text,
        in_force -> Bool,
        brief_key -> Text,
        brief_filename -> Text,
        brief_media_type -> Text,
        brief_sha256 -> Text,
        guidance_key -> Text,
        guidance_filename -> Text,
        guidance_media_type -> Text,
        guidance_sha256 -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    assignment_tasks (id) {
        id -> Text,
        assignment_id -> Text,
        number -> Integer,
        title -> Text,
        criterion_ids -> Text,
    }
}

diesel::table! {
    assignment_submissions (id) {
        id -> Text,
        assignment_id -> Text,
        registration_id -> Text,
        evidence_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    assignment_task_marks (id) {
        id -> Text,
        submission_id -> Text,
        round -> Integer,
        evidence_version -> Integer,
        task_number -> Integer,
        outcome -> Text,
        feedback -> Text,
        assessor_id -> Text,
        marked_at -> Timestamp,
    }
}

diesel::table! {
    unit_verifications (id) {
        id -> Text,
        registration_id -> Text,
        unit_id -> Text,
        status -> Text,
        note -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(assignment_tasks -> assignments (assignment_id));
diesel::joinable!(assignment_submissions -> assignments (assignment_id));
diesel::allow_tables_to_appear_in_same_query!(
    assignments,
    assignment_tasks,
    assignment_submissions,
    assignment_task_marks,
);

diesel::table! {
    centre_two_step_policies (centre_id) {
        centre_id -> Text,
        required_for -> Text,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(centre_two_step_policies -> centres (centre_id));
diesel::allow_tables_to_appear_in_same_query!(centre_two_step_policies, centres);
diesel::allow_tables_to_appear_in_same_query!(centre_two_step_policies, memberships);

diesel::table! {
    support_access (id) {
        id -> Text,
        centre_id -> Text,
        granted_by -> Text,
        reason -> Text,
        granted_at -> Timestamp,
        ends_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        ended_by -> Nullable<Text>,
    }
}

diesel::joinable!(support_access -> centres (centre_id));
diesel::allow_tables_to_appear_in_same_query!(support_access, centres);

diesel::table! {
    passkeys (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        credential -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    passkey_ceremonies (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        state -> Text,
        expires_at -> Timestamp,
    }
}
