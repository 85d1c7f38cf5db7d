

pub(crate) fn reflens_list_resources_output_output_next_token(
    input: &crate::operation::list_resources::ListResourcesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_list_resources_output_output_resource_descriptions(
    input: crate::operation::list_resources::ListResourcesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::ResourceDescription>> {
    let input = input.resource_descriptions?;
    ::std::option::Option::Some(input)
}
