

pub(crate) fn reflens_describe_metric_filters_output_output_next_token(
    input: &crate::operation::describe_metric_filters::DescribeMetricFiltersOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_metric_filters_output_output_metric_filters(
    input: crate::operation::describe_metric_filters::DescribeMetricFiltersOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::MetricFilter>> {
    let input = input.metric_filters?;
    ::std::option::Option::Some(input)
}
