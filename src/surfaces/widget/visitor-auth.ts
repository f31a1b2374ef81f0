import type { WidgetService } from '../../modules/widget/widget.service.js';
import { AppError } from '../../shared/errors.js';
import type { Authenticator } from '../callers.js';

/** Recognises a widget visitor's token (caller kind `visitor`) in `Authorization: Bearer <visitorToken>`. */
export function visitorAuthenticator(widget: WidgetService): Authenticator {
  return async (request) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization?.trim() ?? '')?.[1];
    if (!token)
      return new AppError(
        'UNAUTHENTICATED',
        'Send the visitor token from POST /api/widget/v1/sessions as "Authorization: Bearer <visitorToken>"',
      );
    try {
      return { kind: 'visitor', visitor: await widget.authenticate(token) };
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
  };
}
