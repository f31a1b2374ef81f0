import { z } from 'zod';

/**
 * The dates Switchboard accepts, everywhere one comes in (bodies, query parameters, list
 * filters, search filters, page tokens): ISO 8601 date-times with a UTC offset, from
 * 1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z. Inside that range a date is stored and
 * read back exactly; outside it PostgreSQL either refuses it (year 0, years past 9999) or
 * prints it in a form JavaScript cannot read back (years 1 to 99 became 19xx, and local-mean-time
 * offsets with seconds before time zones were standardized), so it is a 400 instead.
 */
export const EARLIEST_DATE = new Date('1900-01-01T00:00:00.000Z');
export const LATEST_DATE = new Date('9999-12-31T23:59:59.999Z');
export const DATE_RANGE = 'from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z';

export const DATE_TIME_MESSAGE = `must be an ISO 8601 date-time with a UTC offset, e.g. 2024-05-01T12:00:00Z, ${DATE_RANGE}`;

/** `2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.123+02:00`; seconds and fraction optional, offset required. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The instant a date-time string names, or undefined when it is not one or lies outside the range. */
export function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00'] = match;
  // Date.UTC rolls over (Feb 30 → Mar 2): the calendar fields must survive the round trip.
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)));
  if (
    calendar.getUTCFullYear() !== Number(year) ||
    calendar.getUTCMonth() !== Number(month) - 1 ||
    calendar.getUTCDate() !== Number(day) ||
    calendar.getUTCHours() !== Number(hour) ||
    calendar.getUTCMinutes() !== Number(minute) ||
    calendar.getUTCSeconds() !== Number(second)
  )
    return undefined;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()) || instant < EARLIEST_DATE || instant > LATEST_DATE) return undefined;
  return instant;
}

/** A date-time input field: the string as sent, checked by parseDateTime. */
export const dateTimeSchema = (description: string) =>
  z
    .string({ error: DATE_TIME_MESSAGE })
    .refine((value) => parseDateTime(value) !== undefined, { error: DATE_TIME_MESSAGE })
    .describe(`${description}. ISO 8601 with a UTC offset, ${DATE_RANGE}`)
    .meta({ format: 'date-time', example: '2024-05-01T12:00:00Z' });
