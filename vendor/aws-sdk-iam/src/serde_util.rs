

pub(crate) fn create_role_output_output_correct_errors(
    mut builder: crate::operation::create_role::builders::CreateRoleOutputBuilder,
) -> crate::operation::create_role::builders::CreateRoleOutputBuilder {
    if builder.role.is_none() {
        builder.role = {
            let builder = crate::types::builders::RoleBuilder::default();
            crate::serde_util::role_correct_errors(builder).build().ok()
        }
    }
    builder
}

pub(crate) fn get_role_output_output_correct_errors(
    mut builder: crate::operation::get_role::builders::GetRoleOutputBuilder,
) -> crate::operation::get_role::builders::GetRoleOutputBuilder {
    if builder.role.is_none() {
        builder.role = {
            let builder = crate::types::builders::RoleBuilder::default();
            crate::serde_util::role_correct_errors(builder).build().ok()
        }
    }
    builder
}

pub(crate) fn list_roles_output_output_correct_errors(
    mut builder: crate::operation::list_roles::builders::ListRolesOutputBuilder,
) -> crate::operation::list_roles::builders::ListRolesOutputBuilder {
    if builder.roles.is_none() {
        builder.roles = Some(Default::default())
    }
    builder
}

pub(crate) fn list_users_output_output_correct_errors(
    mut builder: crate::operation::list_users::builders::ListUsersOutputBuilder,
) -> crate::operation::list_users::builders::ListUsersOutputBuilder {
    if builder.users.is_none() {
        builder.users = Some(Default::default())
    }
    builder
}

pub(crate) fn role_correct_errors(mut builder: crate::types::builders::RoleBuilder) -> crate::types::builders::RoleBuilder {
    if builder.path.is_none() {
        builder.path = Some(Default::default())
    }
    if builder.role_name.is_none() {
        builder.role_name = Some(Default::default())
    }
    if builder.role_id.is_none() {
        builder.role_id = Some(Default::default())
    }
    if builder.arn.is_none() {
        builder.arn = Some(Default::default())
    }
    if builder.create_date.is_none() {
        builder.create_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    builder
}

pub(crate) fn access_key_correct_errors(mut builder: crate::types::builders::AccessKeyBuilder) -> crate::types::builders::AccessKeyBuilder {
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.access_key_id.is_none() {
        builder.access_key_id = Some(Default::default())
    }
    if builder.status.is_none() {
        builder.status = "no value was set".parse::<crate::types::StatusType>().ok()
    }
    if builder.secret_access_key.is_none() {
        builder.secret_access_key = Some(Default::default())
    }
    builder
}

pub(crate) fn group_correct_errors(mut builder: crate::types::builders::GroupBuilder) -> crate::types::builders::GroupBuilder {
    if builder.path.is_none() {
        builder.path = Some(Default::default())
    }
    if builder.group_name.is_none() {
        builder.group_name = Some(Default::default())
    }
    if builder.group_id.is_none() {
        builder.group_id = Some(Default::default())
    }
    if builder.arn.is_none() {
        builder.arn = Some(Default::default())
    }
    if builder.create_date.is_none() {
        builder.create_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    builder
}

pub(crate) fn instance_profile_correct_errors(
    mut builder: crate::types::builders::InstanceProfileBuilder,
) -> crate::types::builders::InstanceProfileBuilder {
    if builder.path.is_none() {
        builder.path = Some(Default::default())
    }
    if builder.instance_profile_name.is_none() {
        builder.instance_profile_name = Some(Default::default())
    }
    if builder.instance_profile_id.is_none() {
        builder.instance_profile_id = Some(Default::default())
    }
    if builder.arn.is_none() {
        builder.arn = Some(Default::default())
    }
    if builder.create_date.is_none() {
        builder.create_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    if builder.roles.is_none() {
        builder.roles = Some(Default::default())
    }
    builder
}

pub(crate) fn login_profile_correct_errors(mut builder: crate::types::builders::LoginProfileBuilder) -> crate::types::builders::LoginProfileBuilder {
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.create_date.is_none() {
        builder.create_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    builder
}

pub(crate) fn virtual_mfa_device_correct_errors(
    mut builder: crate::types::builders::VirtualMfaDeviceBuilder,
) -> crate::types::builders::VirtualMfaDeviceBuilder {
    if builder.serial_number.is_none() {
        builder.serial_number = Some(Default::default())
    }
    builder
}

pub(crate) fn server_certificate_correct_errors(
    mut builder: crate::types::builders::ServerCertificateBuilder,
) -> crate::types::builders::ServerCertificateBuilder {
    if builder.server_certificate_metadata.is_none() {
        builder.server_certificate_metadata = {
            let builder = crate::types::builders::ServerCertificateMetadataBuilder::default();
            crate::serde_util::server_certificate_metadata_correct_errors(builder).build().ok()
        }
    }
    if builder.certificate_body.is_none() {
        builder.certificate_body = Some(Default::default())
    }
    builder
}

pub(crate) fn user_correct_errors(mut builder: crate::types::builders::UserBuilder) -> crate::types::builders::UserBuilder {
    if builder.path.is_none() {
        builder.path = Some(Default::default())
    }
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.user_id.is_none() {
        builder.user_id = Some(Default::default())
    }
    if builder.arn.is_none() {
        builder.arn = Some(Default::default())
    }
    if builder.create_date.is_none() {
        builder.create_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    builder
}

pub(crate) fn signing_certificate_correct_errors(
    mut builder: crate::types::builders::SigningCertificateBuilder,
) -> crate::types::builders::SigningCertificateBuilder {
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.certificate_id.is_none() {
        builder.certificate_id = Some(Default::default())
    }
    if builder.certificate_body.is_none() {
        builder.certificate_body = Some(Default::default())
    }
    if builder.status.is_none() {
        builder.status = "no value was set".parse::<crate::types::StatusType>().ok()
    }
    builder
}

pub(crate) fn access_key_last_used_correct_errors(
    mut builder: crate::types::builders::AccessKeyLastUsedBuilder,
) -> crate::types::builders::AccessKeyLastUsedBuilder {
    if builder.service_name.is_none() {
        builder.service_name = Some(Default::default())
    }
    if builder.region.is_none() {
        builder.region = Some(Default::default())
    }
    builder
}

pub(crate) fn error_details_correct_errors(mut builder: crate::types::builders::ErrorDetailsBuilder) -> crate::types::builders::ErrorDetailsBuilder {
    if builder.message.is_none() {
        builder.message = Some(Default::default())
    }
    if builder.code.is_none() {
        builder.code = Some(Default::default())
    }
    builder
}

pub(crate) fn server_certificate_metadata_correct_errors(
    mut builder: crate::types::builders::ServerCertificateMetadataBuilder,
) -> crate::types::builders::ServerCertificateMetadataBuilder {
    if builder.path.is_none() {
        builder.path = Some(Default::default())
    }
    if builder.server_certificate_name.is_none() {
        builder.server_certificate_name = Some(Default::default())
    }
    if builder.server_certificate_id.is_none() {
        builder.server_certificate_id = Some(Default::default())
    }
    if builder.arn.is_none() {
        builder.arn = Some(Default::default())
    }
    builder
}

pub(crate) fn service_specific_credential_correct_errors(
    mut builder: crate::types::builders::ServiceSpecificCredentialBuilder,
) -> crate::types::builders::ServiceSpecificCredentialBuilder {
    if builder.create_date.is_none() {
        builder.create_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    if builder.service_name.is_none() {
        builder.service_name = Some(Default::default())
    }
    if builder.service_specific_credential_id.is_none() {
        builder.service_specific_credential_id = Some(Default::default())
    }
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.status.is_none() {
        builder.status = "no value was set".parse::<crate::types::StatusType>().ok()
    }
    builder
}

pub(crate) fn ssh_public_key_correct_errors(mut builder: crate::types::builders::SshPublicKeyBuilder) -> crate::types::builders::SshPublicKeyBuilder {
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.ssh_public_key_id.is_none() {
        builder.ssh_public_key_id = Some(Default::default())
    }
    if builder.fingerprint.is_none() {
        builder.fingerprint = Some(Default::default())
    }
    if builder.ssh_public_key_body.is_none() {
        builder.ssh_public_key_body = Some(Default::default())
    }
    if builder.status.is_none() {
        builder.status = "no value was set".parse::<crate::types::StatusType>().ok()
    }
    builder
}

pub(crate) fn access_detail_correct_errors(mut builder: crate::types::builders::AccessDetailBuilder) -> crate::types::builders::AccessDetailBuilder {
    if builder.service_name.is_none() {
        builder.service_name = Some(Default::default())
    }
    if builder.service_namespace.is_none() {
        builder.service_namespace = Some(Default::default())
    }
    builder
}

pub(crate) fn entity_details_correct_errors(
    mut builder: crate::types::builders::EntityDetailsBuilder,
) -> crate::types::builders::EntityDetailsBuilder {
    if builder.entity_info.is_none() {
        builder.entity_info = {
            let builder = crate::types::builders::EntityInfoBuilder::default();
            crate::serde_util::entity_info_correct_errors(builder).build().ok()
        }
    }
    builder
}

pub(crate) fn evaluation_result_correct_errors(
    mut builder: crate::types::builders::EvaluationResultBuilder,
) -> crate::types::builders::EvaluationResultBuilder {
    if builder.eval_action_name.is_none() {
        builder.eval_action_name = Some(Default::default())
    }
    if builder.eval_decision.is_none() {
        builder.eval_decision = "no value was set".parse::<crate::types::PolicyEvaluationDecisionType>().ok()
    }
    builder
}

pub(crate) fn mfa_device_correct_errors(mut builder: crate::types::builders::MfaDeviceBuilder) -> crate::types::builders::MfaDeviceBuilder {
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.serial_number.is_none() {
        builder.serial_number = Some(Default::default())
    }
    if builder.enable_date.is_none() {
        builder.enable_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    builder
}

pub(crate) fn service_last_accessed_correct_errors(
    mut builder: crate::types::builders::ServiceLastAccessedBuilder,
) -> crate::types::builders::ServiceLastAccessedBuilder {
    if builder.service_name.is_none() {
        builder.service_name = Some(Default::default())
    }
    if builder.service_namespace.is_none() {
        builder.service_namespace = Some(Default::default())
    }
    builder
}

pub(crate) fn service_specific_credential_metadata_correct_errors(
    mut builder: crate::types::builders::ServiceSpecificCredentialMetadataBuilder,
) -> crate::types::builders::ServiceSpecificCredentialMetadataBuilder {
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.status.is_none() {
        builder.status = "no value was set".parse::<crate::types::StatusType>().ok()
    }
    if builder.create_date.is_none() {
        builder.create_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    if builder.service_specific_credential_id.is_none() {
        builder.service_specific_credential_id = Some(Default::default())
    }
    if builder.service_name.is_none() {
        builder.service_name = Some(Default::default())
    }
    builder
}

pub(crate) fn source_role_template_correct_errors(
    mut builder: crate::types::builders::SourceRoleTemplateBuilder,
) -> crate::types::builders::SourceRoleTemplateBuilder {
    if builder.template_arn.is_none() {
        builder.template_arn = Some(Default::default())
    }
    if builder.template_minor_version.is_none() {
        builder.template_minor_version = Some(Default::default())
    }
    builder
}

pub(crate) fn ssh_public_key_metadata_correct_errors(
    mut builder: crate::types::builders::SshPublicKeyMetadataBuilder,
) -> crate::types::builders::SshPublicKeyMetadataBuilder {
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.ssh_public_key_id.is_none() {
        builder.ssh_public_key_id = Some(Default::default())
    }
    if builder.status.is_none() {
        builder.status = "no value was set".parse::<crate::types::StatusType>().ok()
    }
    if builder.upload_date.is_none() {
        builder.upload_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    builder
}

pub(crate) fn tag_correct_errors(mut builder: crate::types::builders::TagBuilder) -> crate::types::builders::TagBuilder {
    if builder.key.is_none() {
        builder.key = Some(Default::default())
    }
    if builder.value.is_none() {
        builder.value = Some(Default::default())
    }
    builder
}

pub(crate) fn entity_info_correct_errors(mut builder: crate::types::builders::EntityInfoBuilder) -> crate::types::builders::EntityInfoBuilder {
    if builder.arn.is_none() {
        builder.arn = Some(Default::default())
    }
    if builder.name.is_none() {
        builder.name = Some(Default::default())
    }
    if builder.r#type.is_none() {
        builder.r#type = "no value was set".parse::<crate::types::PolicyOwnerEntityType>().ok()
    }
    if builder.id.is_none() {
        builder.id = Some(Default::default())
    }
    builder
}

pub(crate) fn inline_policy_correct_errors(mut builder: crate::types::builders::InlinePolicyBuilder) -> crate::types::builders::InlinePolicyBuilder {
    if builder.policy_name.is_none() {
        builder.policy_name = Some(Default::default())
    }
    if builder.policy_document.is_none() {
        builder.policy_document = Some(Default::default())
    }
    builder
}

pub(crate) fn parameter_definition_correct_errors(
    mut builder: crate::types::builders::ParameterDefinitionBuilder,
) -> crate::types::builders::ParameterDefinitionBuilder {
    if builder.name.is_none() {
        builder.name = Some(Default::default())
    }
    if builder.r#type.is_none() {
        builder.r#type = "no value was set".parse::<crate::types::ParameterTypeType>().ok()
    }
    builder
}

pub(crate) fn tag_template_correct_errors(mut builder: crate::types::builders::TagTemplateBuilder) -> crate::types::builders::TagTemplateBuilder {
    if builder.key.is_none() {
        builder.key = Some(Default::default())
    }
    if builder.value.is_none() {
        builder.value = Some(Default::default())
    }
    builder
}

pub(crate) fn policy_granting_service_access_correct_errors(
    mut builder: crate::types::builders::PolicyGrantingServiceAccessBuilder,
) -> crate::types::builders::PolicyGrantingServiceAccessBuilder {
    if builder.policy_name.is_none() {
        builder.policy_name = Some(Default::default())
    }
    if builder.policy_type.is_none() {
        builder.policy_type = "no value was set".parse::<crate::types::PolicyType>().ok()
    }
    builder
}

pub(crate) fn resource_specific_result_correct_errors(
    mut builder: crate::types::builders::ResourceSpecificResultBuilder,
) -> crate::types::builders::ResourceSpecificResultBuilder {
    if builder.eval_resource_name.is_none() {
        builder.eval_resource_name = Some(Default::default())
    }
    if builder.eval_resource_decision.is_none() {
        builder.eval_resource_decision = "no value was set".parse::<crate::types::PolicyEvaluationDecisionType>().ok()
    }
    builder
}
