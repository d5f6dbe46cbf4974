"""`GapReport` -> what people read: contract JSON, officers' HTML, auditors' XLSX grid, batch CSV.

Import the renderers from their modules (`reports.html`, `reports.grid`, ...): this package stays
import-light so that loading one renderer does not pull pandas or openpyxl.
"""
