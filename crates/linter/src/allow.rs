//! `[[allow.resources]]`: resources that do not make an account "used", each with a reason
//! (a landing zone's baseline, say).

use globset::{GlobBuilder, GlobMatcher};

/// One `[[allow.resources]]` entry.
#[derive(Debug, Clone)]
pub struct AllowedResource {
    /// The CloudFormation type, e.g. `AWS::S3::Bucket`.
    pub kind: String,
    /// The glob on the resource's ID or name, as written.
    pub id: String,
    pub reason: String,
    matcher: GlobMatcher,
}

impl AllowedResource {
    /// An entry; `Err` when the glob does not parse.
    pub fn new(kind: &str, id: &str, reason: &str) -> Result<AllowedResource, String> {
        let glob = GlobBuilder::new(id)
            .literal_separator(false)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(AllowedResource {
            kind: kind.to_owned(),
            id: id.to_owned(),
            reason: reason.to_owned(),
            matcher: glob.compile_matcher(),
        })
    }

    /// Whether it allows a resource of this type and ID.
    pub fn allows(&self, kind: &str, id: &str) -> bool {
        self.kind == kind && self.matcher.is_match(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_ids_of_the_type() {
        let a = AllowedResource::new("AWS::S3::Bucket", "cdk-*", "CDK bootstrap").unwrap();
        assert!(a.allows(
            "AWS::S3::Bucket",
            "cdk-hnb659fds-assets-123456789012-us-east-1"
        ));
        assert!(!a.allows("AWS::S3::Bucket", "logs"));
        assert!(!a.allows("AWS::IAM::Role", "cdk-role"));
        let a = AllowedResource::new("AWS::IAM::Role", "landing/*", "paths too").unwrap();
        assert!(a.allows("AWS::IAM::Role", "landing/a/b"));
        assert!(AllowedResource::new("AWS::S3::Bucket", "[", "bad").is_err());
    }
}
