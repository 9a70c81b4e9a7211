# Crafts the hostile uploads of tests/security/test_uploads.sh into DIR.
import base64, json, os, sqlite3, stat, sys, zipfile
d, store, port = sys.argv[1], sys.argv[2], sys.argv[3]
def upload(name, fname, data):
    body = {"category": "industrial", "crs": 4528,
            "file": {"name": fname, "content_base64": base64.b64encode(data).decode()}}
    open(os.path.join(d, name + ".json"), "w").write(json.dumps(body))
vrt = f'''<OGRVRTDataSource><OGRVRTLayer name="u"><SrcDataSource>{store}</SrcDataSource>
<SrcSQL>SELECT username AS name, pw_hash FROM srv_user</SrcSQL></OGRVRTLayer></OGRVRTDataSource>'''.encode()
upload("vrt", "evil.vrt", vrt)
upload("vrt_as_geojson", "evil.geojson", vrt)
def zipped(entries, links=()):
    p = os.path.join(d, "tmp.zip")
    with zipfile.ZipFile(p, "w") as z:
        for n, data in entries:
            z.writestr(n, data)
        for n, target in links:
            i = zipfile.ZipInfo(n)
            i.create_system = 3
            i.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(i, target)
    data = open(p, "rb").read()
    os.unlink(p)
    return data
upload("zip_vrt", "evil.zip", zipped([("evil.vrt", vrt)]))
inner = open(os.path.join(d, "two.zip"), "rb").read()
upload("zip_nested", "nested.zip", zipped([("inner.zip", inner)]))
# a zipped Shapefile whose parts are links to the server's files
upload("zip_symlinks", "links.zip", zipped([], [("a.shp", store), ("a.shx", store), ("a.dbf", store), ("a.prj", "/etc/passwd")]))
# a GeoJSON whose old-style "crs" links to a URL or names a file
poly = {"type": "Polygon", "coordinates": [[[121.0, 28.0], [121.001, 28.0], [121.001, 28.001], [121.0, 28.0]]]}
for name, crs in (("geojson_crs_link", {"type": "link", "properties": {"href": f"http://127.0.0.1:{port}/crs", "type": "proj4"}}),
                  ("geojson_crs_url", {"type": "url", "properties": {"url": f"http://127.0.0.1:{port}/crs"}}),
                  ("geojson_crs_file", {"type": "name", "properties": {"name": "/etc/passwd"}}),
                  ("geojson_crs_http_name", {"type": "name", "properties": {"name": f"http://127.0.0.1:{port}/crs"}})):
    fc = {"type": "FeatureCollection", "crs": crs, "features": [{"type": "Feature", "properties": {}, "geometry": poly}]}
    upload(name, "fp.geojson", json.dumps(fc).encode())
# a Shapefile whose .prj names a file or a URL
shp = dict((n[-3:], open(os.path.join(d, "two", n), "rb").read()) for n in os.listdir(os.path.join(d, "two")) if n[-3:] in ("shp", "shx", "dbf"))
for name, prj in (("shp_prj_file", "/etc/passwd"), ("shp_prj_url", f"http://127.0.0.1:{port}/crs")):
    upload(name, "p.zip", zipped([("p.shp", shp["shp"]), ("p.shx", shp["shx"]), ("p.dbf", shp["dbf"]), ("p.prj", prj), ("p.cpg", "/etc/passwd")]))
# a GeoPackage whose layer is a VirtualOGR table over the server's store (written into the
# schema directly: SQLite itself would not create it), and one whose view reads the store
# through an attached database name
g = os.path.join(d, "evil.gpkg")
if os.path.exists(g):
    os.unlink(g)
os.system(f"ogr2ogr -q -f GPKG {g} {os.path.join(d, 'two', 'two.shp')} -nln parcels")
c = sqlite3.connect(g)
c.execute("PRAGMA writable_schema = ON")
c.execute("INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('table', 'leak', 'leak', 0, ?)",
          (f"CREATE VIRTUAL TABLE leak USING VirtualOGR('{store}', 0, 'srv_user')",))
c.execute("INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('view', 'leak2', 'leak2', 0, ?)",
          ("CREATE VIEW leak2 AS SELECT * FROM s.srv_user",))
c.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('leak', 'attributes', 'leak', 0)")
c.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('leak2', 'attributes', 'leak2', 0)")
c.execute("PRAGMA writable_schema = OFF")
c.commit()
c.close()
upload("gpkg_virtual", "evil.gpkg", open(g, "rb").read())
