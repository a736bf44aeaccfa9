resource "azurerm_storage_container" "c" {
  name                  = "data"
  storage_account_name  = "acct"
  container_access_type = "blob"
}
