export type {NotificationEnv, NotificationEnvProblem} from './notification-env.js';
export {
  DEFAULT_SMTP_FROM,
  DEFAULT_TELEGRAM_API_URL,
  validateNotificationEnv,
} from './notification-env.js';
export {redactUrl} from './redact-url.js';
export {sendNotifications} from './send-notifications.js';
export {renderTemplate} from './template.js';
export {ELLIPSIS, MESSAGE_LIMITS, truncateText} from './truncate.js';
export type {
  Delivery,
  NotificationMedium,
  NotificationMessage,
  NotificationPolicy,
  SendNotificationsOptions,
  TemplateVars,
} from './types.js';
export {NOTIFICATION_MEDIUMS, NOTIFICATION_POLICIES} from './types.js';
