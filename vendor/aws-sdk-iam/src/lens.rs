

pub(crate) fn reflens_list_attached_role_policies_output_output_marker(
    input: &crate::operation::list_attached_role_policies::ListAttachedRolePoliciesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_list_policies_output_output_marker(
    input: &crate::operation::list_policies::ListPoliciesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_list_roles_output_output_marker(
    input: &crate::operation::list_roles::ListRolesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_list_users_output_output_marker(
    input: &crate::operation::list_users::ListUsersOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_simulate_principal_policy_output_output_marker(
    input: &crate::operation::simulate_principal_policy::SimulatePrincipalPolicyOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.marker {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_attached_role_policies_output_output_attached_policies(
    input: crate::operation::list_attached_role_policies::ListAttachedRolePoliciesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::AttachedPolicy>> {
    let input = input.attached_policies?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_policies_output_output_policies(
    input: crate::operation::list_policies::ListPoliciesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::Policy>> {
    let input = input.policies?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_roles_output_output_roles(
    input: crate::operation::list_roles::ListRolesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::Role>> {
    let input = input.roles;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_users_output_output_users(
    input: crate::operation::list_users::ListUsersOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::User>> {
    let input = input.users;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_simulate_principal_policy_output_output_evaluation_results(
    input: crate::operation::simulate_principal_policy::SimulatePrincipalPolicyOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::EvaluationResult>> {
    let input = input.evaluation_results?;
    ::std::option::Option::Some(input)
}
