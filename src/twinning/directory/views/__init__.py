"""The directory's pages, one module per part, and what they share."""

PAGE_SIZE = 50
