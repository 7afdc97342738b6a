// Uploaded files as their organization reads them: a file opens only for the account that owns it.
import type { Account } from '../accounts/accounts-service.js';
import type { FilesRepository, StoredFile } from '../db/files-repository.js';
import { notFound } from '../core/errors.js';

export class FilesService {
  constructor(private readonly files: FilesRepository) {}

  /** 404 for an unknown file, a name that is not the file's, and another organization's file alike: its existence is not disclosed. */
  open(account: Account, fileId: string, name: string): StoredFile {
    const file = this.files.findById(fileId);
    if (!file || file.ownerId !== account.userId || file.name !== name) {
      throw notFound('file_not_found', `organization ${account.orgId} has no file ${fileId}/${name}`);
    }
    return file;
  }
}
