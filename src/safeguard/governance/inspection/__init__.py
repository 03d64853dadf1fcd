"""Inspection: Ofsted's judgements and their limiting rules as data, the latest grades of the
council and its statistical neighbours from Ofsted's published file, a readiness checklist for
before, during and after an inspection, and the council's own inspection history, whose
recommendations become actions on the one improvement plan (LMCS guide §6.7 and §7.1; LGA Must
know for lead members, "Ofsted"; Chief executives' must know, "Ofsted"; DOMAIN.md §5).
"""
