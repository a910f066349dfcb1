"""The audit trail: every change recorded (who, when, what, from and to), sealed into a
tamper-evident hash chain, tracked for people, services, inspections and teams wherever they
change (the admin included), paged and exported."""
