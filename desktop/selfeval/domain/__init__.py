"""The report model, numbers and units, outline, layout numbers: plain Python, no Qt, no SQL."""
