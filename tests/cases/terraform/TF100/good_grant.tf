variable "grantee_uri" {
  type = string
}

resource "aws_s3_bucket_acl" "log_delivery" {
  bucket = aws_s3_bucket.b.id
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/s3/LogDelivery"
      }
      permission = "WRITE"
    }
    grant {
      grantee {
        type = "Group"
        uri  = var.grantee_uri
      }
      permission = "READ"
    }
    dynamic "grant" {
      for_each = var.grants
      content {
        grantee {
          type = "Group"
          uri  = grant.value.uri
        }
        permission = grant.value.permission
      }
    }
    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "legacy"
  grant {
    id          = data.aws_canonical_user_id.current.id
    type        = "CanonicalUser"
    permissions = ["FULL_CONTROL"]
  }
}
