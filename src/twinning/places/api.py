from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from twinning.core.api_inputs import OneLine
from twinning.places.models import Country, Kind
from twinning.places.search import search_places

router = Router(tags=["places"])


class PlaceOut(Schema):
    id: int
    name: str
    name_ar: str
    kind: str
    governorate: str = Field(description="Palestinian places: one of the 16 governorates")
    county: str = Field(description="British places: county or council area")
    country: str
    lat: float
    lon: float


class PlaceQuery(Schema):
    q: OneLine = Field(..., min_length=1, max_length=100, description="any spelling, or a postcode")
    country: Country | None = None
    kind: Kind | None = None
    limit: int = Field(20, ge=1, le=50)


@router.get("/places", response=list[PlaceOut], summary="Find places by name or postcode")
def place_search(request: HttpRequest, filters: Query[PlaceQuery]):
    return search_places(
        filters.q,
        country=filters.country.value if filters.country else None,
        kind=filters.kind.value if filters.kind else None,
        limit=filters.limit,
    )
