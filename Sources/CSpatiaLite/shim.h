#ifndef WANGGE_CSPATIALITE_SHIM_H
#define WANGGE_CSPATIALITE_SHIM_H
// spatialite.h needs sqlite3.h first.
#include <sqlite3.h>
#include <spatialite.h>
#endif
