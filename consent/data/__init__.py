"""Data files of the consent package: name lists and the face calibration record."""
