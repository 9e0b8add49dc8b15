"""Who may ask what, and for which purpose: agencies, agreements and the decision to disclose."""
