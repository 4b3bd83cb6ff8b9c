"""La Boussole des cinq lois (issue 15). Only its verdict rule exists so far:
the assessment pages, decrees and reports come next."""
