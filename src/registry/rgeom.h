/*
 * registry/rgeom — geometries of the registry: read from an application (WKT text, a GeoJSON
 * geometry object, or {"wkb": hex}), checked (valid, polygonal, non-empty), normalised to a
 * MultiPolygon, written as WKB, measured (ellipsoidal area, the survey rule) and compared
 * (overlap area, the part outside another). One GEOS context per rgeom.
 * Geometries returned are owned by the caller: rg_free.
 */
#ifndef LS_REGISTRY_RGEOM_H
#define LS_REGISTRY_RGEOM_H

#include <stddef.h>

#include <geos_c.h>
#include <jansson.h>

#include "base/err.h"

/* Overlaps and excursions up to this many m² are survey noise, not conflicts. */
#define RG_TOLERANCE_M2 0.01

struct rgeom;

int rg_new(int srid, struct rgeom **out, struct ls_err *err);
void rg_delete(struct rgeom *g);
GEOSContextHandle_t rg_geos(struct rgeom *g);

/* NULL with a reason in why when the value is no usable polygon. */
GEOSGeometry *rg_from_json(struct rgeom *g, json_t *v, char *why, size_t why_size);
GEOSGeometry *rg_from_wkb(struct rgeom *g, const unsigned char *wkb, size_t n);
GEOSGeometry *rg_from_hex(struct rgeom *g, const char *hex);
void rg_free(struct rgeom *g, GEOSGeometry *geom);

/* WKB (little-endian, 2-D), malloc'd; caller frees with free(). */
unsigned char *rg_wkb(struct rgeom *g, const GEOSGeometry *geom, size_t *n);
/* The same as lowercase hex, malloc'd. */
char *rg_hex(struct rgeom *g, const GEOSGeometry *geom);

int rg_area(struct rgeom *g, const GEOSGeometry *geom, double *ellipsoidal_m2, struct ls_err *err);
void rg_bbox(struct rgeom *g, const GEOSGeometry *geom, double box[4]);
/* Planar area of a ∩ b (0 when they only touch). */
double rg_overlap(struct rgeom *g, const GEOSGeometry *a, const GEOSGeometry *b);
/* Planar area of inner − outer. */
double rg_outside(struct rgeom *g, const GEOSGeometry *inner, const GEOSGeometry *outer);

#endif
