/*
 * Areas while drawing: a polygon's area on the sphere of the same area as the CGCS2000
 * ellipsoid (authalic radius of GRS 80, 6,371,007.181 m), by the spherical-excess sum of
 * Chamberlain & Duquette (JPL 07-03, 2007). Within a county this stays within a few tenths
 * of a percent of the ellipsoidal area; the check itself reports the exact ellipsoidal area
 * (geo/area on the server), so the UI labels this one approximate.
 */
const R_AUTHALIC = 6371007.181;
const RAD = Math.PI / 180;

/* m² of a ring of {lat, lng} (closed or not) */
export function ringArea(pts) {
  const n = pts.length;
  if (n < 3) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const prev = pts[(i + n - 1) % n], next = pts[(i + 1) % n];
    sum += (next.lng - prev.lng) * RAD * Math.sin(pts[i].lat * RAD);
  }
  return Math.abs(sum) * R_AUTHALIC * R_AUTHALIC / 2;
}

/* 1 亩 = 10,000/15 m² (市亩); 1 公顷 = 10,000 m² */
export const M2_PER_MU = 10000 / 15;
