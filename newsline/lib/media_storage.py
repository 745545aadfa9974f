"""Where uploaded pictures are kept: STORAGES["default"] from the environment.

MEDIA_STORAGE=filesystem (the default) keeps them under MEDIA_ROOT;
MEDIA_STORAGE=s3 puts them in an S3-compatible bucket through django-storages
(docs/newsroom.md, "Storage and serving"). Credentials are never settings:
boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role)
itself. No Django import here, so settings.py can call it."""

from newsline.lib import extras
from newsline.lib.env import ConfigError, env_str

# Every stored name is unique to its upload (liveblogs/media.py puts each in
# a new random folder), so a file never changes once written.
IMMUTABLE = "public, max-age=31536000, immutable"


def default_storage_from_env() -> dict:
    kind = env_str("MEDIA_STORAGE", "filesystem").strip().lower() or "filesystem"
    if kind == "filesystem":
        return {"BACKEND": "liveblogs.storage.AtomicFileSystemStorage"}
    if kind != "s3":
        raise ConfigError(f"MEDIA_STORAGE={kind!r}: expected filesystem or s3")
    bucket = env_str("S3_BUCKET").strip()
    if not bucket:
        raise ConfigError("MEDIA_STORAGE=s3 needs S3_BUCKET (the bucket's name)")
    extras.require("s3", wanted_by="MEDIA_STORAGE=s3")
    custom_domain = env_str("S3_CUSTOM_DOMAIN").strip().rstrip("/")
    if "://" in custom_domain:
        raise ConfigError(f"S3_CUSTOM_DOMAIN={custom_domain!r}: give the host only, e.g. media.example.org")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("S3_ENDPOINT_URL").strip() or None,
        "region_name": env_str("S3_REGION").strip() or None,
        "custom_domain": custom_domain or None,
        # Readers' pages link plain, permanent addresses: no signatures that expire.
        "querystring_auth": False,
        # A name is never reused (see IMMUTABLE), so never overwrite one either.
        "file_overwrite": False,
        # Buckets that refuse ACLs (AWS's default since 2023) are made public by
        # a bucket policy instead: S3_DEFAULT_ACL= (empty) sends none.
        "default_acl": env_str("S3_DEFAULT_ACL", "public-read").strip() or None,
        "object_parameters": {"CacheControl": IMMUTABLE},
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
