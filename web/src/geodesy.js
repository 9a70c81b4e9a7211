/*
 * Lengths, areas and coordinates on the CGCS2000 ellipsoid for the map's tools, by the
 * field's libraries loaded as classic scripts: GeographicLib (Karney's geodesics, the same
 * algorithms as geod_polygonarea on the server's side of the tests) and proj4js (transverse
 * Mercator for the 3° Gauss–Krüger zones, EPSG:4513–4533).
 */
/* CGCS2000: a = 6,378,137 m, f = 1/298.257222101 (GB/T 2000 national geodetic system) */
const GEOD = new geodesic.Geodesic.Geodesic(6378137, 1 / 298.257222101);

/* m² of a ring of {lat, lng} (closed or not), on the ellipsoid */
export function ringArea(pts) {
  if (pts.length < 3) return 0;
  const poly = GEOD.Polygon(false);
  for (const p of pts) poly.AddPoint(p.lat, p.lng);
  return Math.abs(poly.Compute(false, true).area);
}

/* m along the geodesics of a path of {lat, lng} */
export function pathLength(pts) {
  let s = 0;
  for (let i = 1; i < pts.length; i++) s += GEOD.Inverse(pts[i - 1].lat, pts[i - 1].lng, pts[i].lat, pts[i].lng).s12;
  return s;
}

/* 1 亩 = 10,000/15 m² (市亩); 1 公顷 = 10,000 m² */
export const M2_PER_MU = 10000 / 15;

/* The CGCS2000 3° Gauss–Krüger zone of a longitude: central meridian 3n (n = 25 … 45 in China),
 * false easting 500 km with the zone number in front (Y = n·10⁶ + 500,000 + E) */
export const gkZone = lng => Math.round(lng / 3);
const defs = {};
function gkDef(zone) {
  return defs[zone] || (defs[zone] = `+proj=tmerc +lat_0=0 +lon_0=${3 * zone} +k=1 +x_0=${zone * 1e6 + 500000} +y_0=0 +ellps=GRS80 +units=m +no_defs`);
}
/* {zone, x (northing), y (easting with the zone number)} of a {lat, lng} */
export function toGK(p) {
  const zone = gkZone(p.lng);
  const [y, x] = proj4("EPSG:4326", gkDef(zone), [p.lng, p.lat]);
  return { zone, x, y };
}
/* [easting with the zone number, northing] of a {lat, lng} in a given zone: a register keeps
 * one zone for the whole county, even for a point past the zone's edge */
export function toGKZone(p, zone) {
  return proj4("EPSG:4326", gkDef(zone), [p.lng, p.lat]);
}
/* the zone of a CGCS2000 3° Gauss–Krüger EPSG code with zone numbers (4513 → 25 … 4533 → 45) */
export const zoneOfEpsg = epsg => epsg >= 4513 && epsg <= 4533 ? epsg - 4488 : null;
/* {lat, lng} of a Gauss–Krüger X (northing) and Y (easting with its zone number) */
export function fromGK(x, y) {
  const zone = Math.floor(y / 1e6);
  const [lng, lat] = proj4(gkDef(zone), "EPSG:4326", [y, x]);
  return { lat, lng };
}
