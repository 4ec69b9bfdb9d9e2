import KMIP
import KMIPSpec
import TTLV

/// Export and Import (KMIP 1.4 sections 4.40, 4.41; 2.1 6.1.18, 6.1.25): an object with all
/// its attributes out, and in under the identifier the client gives.
enum ExportImport {
    static var all: [Operation: OperationHandler] {
        [.export: export, .import: importObject]
    }

    /// The object as Get gives it, with every attribute the client's version has; it stays
    /// Fresh (TC-IMPEXP-3). A destroyed object comes as it is kept, without key material
    /// ("SHALL not be returned").
    static let export: OperationHandler = { request, context in
        let export = try StandardOperations.payload(request, as: ExportRequest.self)
        let object = try await context.object(export.uniqueIdentifier)
        let attributes = Attributes(object.attributes(in: context.version))
        let returned = if object.state == .destroyed || object.state == .destroyedCompromised {
            object.object
        } else {
            try await StandardOperations.serve(object, format: export.keyFormatType, wrapType: export.keyWrapType,
                                               wrapping: export.keyWrappingSpecification, context: context)
        }
        return ExportResponse(objectType: object.objectType, uniqueIdentifier: object.uniqueIdentifier, attributes: attributes, object: returned)
    }

    /// Stores the object under the client's identifier with the attributes it gives, as they
    /// are ("all attributes MUST be set to the supplied values"); the server adds only the
    /// identifier, the Object Type, and a State (Pre-Active), Initial Date and Last Change Date
    /// where none is given. An identifier in use is Object Already Exists unless Replace
    /// Existing is true (and the object there is the client's). Not Wrapped: the object is
    /// unwrapped before it is kept.
    static let importObject: OperationHandler = { request, context in
        let request = try StandardOperations.payload(request, as: ImportRequest.self)
        let identifier = request.uniqueIdentifier
        guard !identifier.isEmpty else { throw OperationError(.invalidField, "Import needs a Unique Identifier") }
        try StandardOperations.requireObjectType(request.objectType, of: request.object)
        let existing = try await context.store.object(identifier)
        if let existing {
            guard existing.owner == context.client else { throw OperationError(.permissionDenied, "object \(identifier) belongs to another client") }
            guard request.replaceExisting == true else {
                throw OperationError(.objectAlreadyExists, "object \(identifier) exists; Replace Existing true replaces it")
            }
        }
        var attributes = request.attributes
        try attributes.set(.uniqueIdentifier, identifier)
        if !attributes.list.contains(where: { $0.name == .standard(.objectType) }) {
            attributes.list.append(Attribute(.standard(.objectType), value: .enumeration(request.object.objectType.rawValue)))
        }
        if try attributes.state == nil { try attributes.set(.state, State.preActive) }
        for tag in [Tag.initialDate, .lastChangeDate] where try attributes.value(tag, as: DateTime.self) == nil {
            try attributes.set(tag, context.now)
        }
        var object = StoredObject(uniqueIdentifier: identifier, objectType: request.object.objectType, object: request.object, attributes: attributes, owner: context.client)
        if request.keyWrapType == .notWrapped { object.object = try await KeyWrapping.unwrap(object, context: context) }
        if existing == nil {
            try await context.store.insert(object)
        } else {
            try await context.store.update(object)
        }
        return ImportResponse(uniqueIdentifier: identifier)
    }
}
