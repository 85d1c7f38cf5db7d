//! Amazon Resource Names, split into their parts: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
//! The resource keeps its own separators (`role/PATH/NAME`, `log-group:NAME:*`).

/// The parts of an ARN, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    /// Empty for global services (IAM).
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// The parts of `text`, or `None` when it is not an ARN (six parts, the first `arn`).
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        let mut parts = text.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(Arn {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }

    /// The name of an IAM role (`role/PATH/NAME`), when this is a role's ARN.
    pub fn role_name(&self) -> Option<&'a str> {
        if self.service != "iam" {
            return None;
        }
        let name = self.resource.strip_prefix("role/")?.rsplit('/').next()?;
        (!name.is_empty()).then_some(name)
    }
}

#[cfg(test)]
mod tests {
    use super::Arn;

    #[test]
    fn parts_and_role_names() {
        let arn = Arn::parse("arn:aws:logs:us-west-2:123456789012:log-group:trail/logs:*").unwrap();
        assert_eq!(
            (
                arn.partition,
                arn.service,
                arn.region,
                arn.account,
                arn.resource
            ),
            (
                "aws",
                "logs",
                "us-west-2",
                "123456789012",
                "log-group:trail/logs:*"
            )
        );
        assert_eq!(arn.role_name(), None);
        let role = Arn::parse("arn:aws-cn:iam::123456789012:role/a/b/Name").unwrap();
        assert_eq!((role.region, role.role_name()), ("", Some("Name")));
        assert_eq!(
            Arn::parse("arn:aws:iam::123456789012:role/")
                .unwrap()
                .role_name(),
            None
        );
        assert_eq!(
            Arn::parse("arn:aws:iam::123456789012:user/x")
                .unwrap()
                .role_name(),
            None
        );
        assert_eq!(Arn::parse("arn:aws:iam::123456789012"), None);
        assert_eq!(Arn::parse("urn:aws:iam::123456789012:root"), None);
        assert_eq!(Arn::parse("123456789012"), None);
    }
}
