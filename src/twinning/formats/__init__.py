"""How dates and times read in each language (FORMAT_MODULE_PATH): see docs/dates.md."""
