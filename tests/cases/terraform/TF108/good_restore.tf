# Excerpt of a disaster-recovery root module found by code search (restore from replicated
# automated backups): a point-in-time restore is encrypted like its source.
resource "aws_db_instance" "dr" {
  identifier     = "${var.project}-dr-db"
  instance_class = "db.t3.medium"

  restore_to_point_in_time {
    source_db_instance_automated_backups_arn = var.replicated_backup_arn
    use_latest_restorable_time               = true
  }

  publicly_accessible = false
  multi_az            = false
}

# terraform-aws-modules/terraform-aws-rds modules/db_instance/main.tf builds the block with dynamic.
resource "aws_db_instance" "this" {
  identifier = var.identifier

  dynamic "restore_to_point_in_time" {
    for_each = var.restore_to_point_in_time != null ? [var.restore_to_point_in_time] : []

    content {
      restore_time                  = lookup(restore_to_point_in_time.value, "restore_time", null)
      source_db_instance_identifier = lookup(restore_to_point_in_time.value, "source_db_instance_identifier", null)
      use_latest_restorable_time    = lookup(restore_to_point_in_time.value, "use_latest_restorable_time", null)
    }
  }
}
