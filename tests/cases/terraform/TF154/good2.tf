# Port ranges only matter for TCP (SSH): an ICMP or UDP rule with `*` ports is not SSH; an unknown
# protocol says nothing.
variable "protocol" {
  type = string
}

resource "azurerm_network_security_group" "g" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
  security_rule {
    name                       = "AllowICMP"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Icmp"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "udp"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Udp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "unknown"
    priority                   = 120
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = var.protocol
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}
