"""Ofsted's Annex A: its specification, reading a council's workbook, and validating it."""
