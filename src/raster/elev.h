/*
 * raster/elev — the elevation type of terrain routing. Routing keeps a DEM's precision: a
 * Float64 DEM is filled and routed in double, any other DEM in float (half the memory, and
 * the path GEP and every Float32 DEM take). A file that includes this header is written once
 * over rs_elev and compiled twice by the Makefile, the second time with -DRS_ELEV_F64=1; the
 * defines below give each copy's external names the suffix _f32 or _f64 (the way zlib's
 * Z_PREFIX renames its symbols), so the code calls plain names and the two copies link side
 * by side. Public headers (raster/hydro.h, raster/tiled.h) declare both copies explicitly.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_ELEV_H
#define LS_RASTER_ELEV_H

#include <math.h>
#include <stdint.h>

#include <gdal.h>

#ifndef RS_ELEV_F64
#define RS_ELEV_F64 0
#endif

#if RS_ELEV_F64
typedef double rs_elev;
typedef uint64_t rs_elev_key; /* an order-preserving integer image of an elevation */
#define RS_ELEV_SUFFIX(name) name##_f64
#define RS_ELEV_GDT          GDT_Float64
#define RS_ELEV_KEY_BITS     64
#define rs_elev_next_up(z)   nextafter((z), INFINITY)
#define rs_elev_max(a, b)    fmax((a), (b))
#define rs_rows_elev_fn      rs_rows_f64_fn
#else
typedef float rs_elev;
typedef uint32_t rs_elev_key;
#define RS_ELEV_SUFFIX(name) name##_f32
#define RS_ELEV_GDT          GDT_Float32
#define RS_ELEV_KEY_BITS     32
#define rs_elev_next_up(z)   nextafterf((z), INFINITY)
#define rs_elev_max(a, b)    fmaxf((a), (b))
#define rs_rows_elev_fn      rs_rows_f32_fn
#endif

/* Reading rows in the elevation type (raster/io). */
#define rs_source_read_elev RS_ELEV_SUFFIX(rs_source_read)

/* Every external name defined in a file compiled for each type. */
#define rs_drains_off       RS_ELEV_SUFFIX(rs_drains_off)
#define rs_zero_sign        RS_ELEV_SUFFIX(rs_zero_sign)
#define rs_fill             RS_ELEV_SUFFIX(rs_fill)
#define rs_fill_parallel    RS_ELEV_SUFFIX(rs_fill_parallel)
#define rs_fill_tiled       RS_ELEV_SUFFIX(rs_fill_tiled)
#define rs_elev_key_of      RS_ELEV_SUFFIX(rs_elev_key_of)
#define rs_rheap_push       RS_ELEV_SUFFIX(rs_rheap_push)
#define rs_rheap_pop        RS_ELEV_SUFFIX(rs_rheap_pop)
#define rs_rheap_free       RS_ELEV_SUFFIX(rs_rheap_free)
#define rs_emap_add         RS_ELEV_SUFFIX(rs_emap_add)
#define rs_emap_free        RS_ELEV_SUFFIX(rs_emap_free)
#define rs_fband_drains_off RS_ELEV_SUFFIX(rs_fband_drains_off)
#define rs_fband_flood      RS_ELEV_SUFFIX(rs_fband_flood)
#define rs_fband_free       RS_ELEV_SUFFIX(rs_fband_free)
#define rs_fband_raise      RS_ELEV_SUFFIX(rs_fband_raise)
#define rs_fband_join       RS_ELEV_SUFFIX(rs_fband_join)
#define rs_fband_merge      RS_ELEV_SUFFIX(rs_fband_merge)
#define rs_fill_levels      RS_ELEV_SUFFIX(rs_fill_levels)
#define rs_flowdir_d8       RS_ELEV_SUFFIX(rs_flowdir_d8)
#define rs_flowacc_mfd      RS_ELEV_SUFFIX(rs_flowacc_mfd)
#define rs_rband_steepest   RS_ELEV_SUFFIX(rs_rband_steepest)
#define rs_rband_flats      RS_ELEV_SUFFIX(rs_rband_flats)
#define rs_mband_run        RS_ELEV_SUFFIX(rs_mband_run)
#define rs_mband_free       RS_ELEV_SUFFIX(rs_mband_free)
#define rs_mfd_tiled        RS_ELEV_SUFFIX(rs_mfd_tiled)
#define rs_route_tiled_elev RS_ELEV_SUFFIX(rs_route_tiled)

#endif
