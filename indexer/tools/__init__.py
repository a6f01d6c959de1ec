"""Investigator tools over search: batch search, uploaded terms files, saved-search alerts."""
