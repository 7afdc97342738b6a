// The fallback emails as a partner reads them: the list, and one attachment's content.
import { AppError } from '../core/errors.js';
import type { EmailFilter, EmailsRepository, StoredEmail } from '../db/emails-repository.js';

export class EmailsService {
  constructor(private readonly emails: EmailsRepository) {}

  list(filter: EmailFilter): StoredEmail[] {
    return this.emails.list(filter);
  }

  /** One attachment of one of this partner's emails, by its position (0 for the first). */
  attachment(partner: string, emailId: string, index: number): { filename: string; contentType: string; content: string } {
    const email = this.emails.get(partner, emailId);
    if (!email) throw new AppError(404, 'email_not_found', `no email ${emailId} for this api_key`);
    const attachment = email.attachments[index];
    if (!attachment) throw new AppError(404, 'attachment_not_found', `email ${emailId} has ${email.attachments.length} attachment(s); index ${index} does not exist`);
    return attachment;
  }
}
