"""The pages of running a group, one module per part."""
