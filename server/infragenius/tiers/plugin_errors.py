"""The marketplace commands' error, in a module of its own: the CLI catches it without importing the
client (httpx) or the index checks (packaging) on every run."""


class PluginError(Exception):
    """Why a marketplace command did not do what was asked, in the user's terms."""
