"""ClaimTrack's REST API, version 1: DRF viewsets over the selectors and the models'
own validation. What each module holds, and the contract it keeps: docs/api.md."""
