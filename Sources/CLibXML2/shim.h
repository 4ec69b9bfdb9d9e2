#ifndef SWIFT_KMIP_CLIBXML2_SHIM_H
#define SWIFT_KMIP_CLIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

/// Parser flags for untrusted input: no network access, no entity substitution, no DTD
/// loading, no "huge" relaxation of libxml2's own limits, and errors reported to the
/// caller instead of printed.
static inline int kmip_xml_safe_parse_options(void) {
    return XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
}

#endif
