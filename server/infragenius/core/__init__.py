"""The language-independent engine: documents, findings, rules, config, suppressions."""
