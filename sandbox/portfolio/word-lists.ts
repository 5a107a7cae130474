/** Word lists for generated names, titles and subjects (invented; any resemblance to real firms is chance). */

export const COMPANY_PREFIXES = [
  'Acme', 'Northwind', 'Bluepeak', 'Ironbridge', 'Silverline', 'Redwood', 'Brightwater', 'Stonegate', 'Clearpath',
  'Highland', 'Evergreen', 'Blackfin', 'Sunfield', 'Westmark', 'Orbital', 'Quantix', 'Lumen', 'Nordlys', 'Kestrel',
  'Meridian', 'Harbor', 'Cobalt', 'Granite', 'Pinecrest', 'Vantage', 'Helix', 'Atlas', 'Crescent', 'Summit', 'Falcon',
  'Zenith', 'Mosaic', 'Cedar', 'Polar', 'Ember', 'Tidewater', 'Copperleaf', 'Skyward', 'Riverstone', 'Müller & Söhne',
];
export const COMPANY_SUFFIXES = [
  'Corp', 'Industries', 'Logistics', 'Systems', 'Health', 'Partners', 'Labs', 'Group', 'Holdings', 'Foods',
  'Analytics', 'Manufacturing', 'Software', 'Energy', 'Retail', 'Networks', 'Capital', 'Robotics', 'GmbH', 'SA',
];
export const EMOJI = ['🚀', '✨', '🏭', '🌍', '💡', '🔥'];
export const FIRST_NAMES = [
  'Anna', 'Ben', 'Chloé', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Maria',
  'Noah', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wei', 'Xenia', 'Yusuf', 'Zoë', 'Sam',
  'Priya', 'Mateo', 'Aisha', 'Lukas', 'Emma', 'Oliver', 'Sofia', 'Jamal', 'Mei', 'Nils', 'Fatima', 'Tom', 'Lea',
];
export const LAST_NAMES = [
  'Smith', 'Müller', 'García', 'Rossi', 'Dubois', 'Kowalski', 'Nakamura', 'Okafor', 'Andersson', 'Silva', 'Patel',
  'Nguyen', 'Johnson', 'Schneider', 'Haddad', 'Kim', 'Novak', 'Fischer', 'Costa', "O'Brien", 'Jensen', 'Ivanova',
  'Brown', 'Martin', 'Lopez', 'Chen', 'Wagner', 'Moreau', 'Bianchi', 'Larsen',
];
export const TITLES = {
  executive: [
    'CEO', 'Chief Executive Officer', 'CFO', 'CTO', 'COO', 'Chief Revenue Officer', 'VP Sales', 'VP of Engineering',
    'Vice President, Operations', 'President', 'Co-Founder', 'Founder & CEO', 'Managing Director', 'SVP Procurement',
  ],
  management: [
    'Director of IT', 'Head of Procurement', 'Sales Manager', 'Engineering Manager', 'Team Lead, Support',
    'Head of Operations', 'Director, Finance', 'Marketing Manager', 'Lead Architect', 'Purchasing Manager',
  ],
  operational: [
    'Analyst', 'Account Executive', 'Software Engineer', 'Coordinator', 'Procurement Specialist', 'Administrator',
    'Office Assistant', 'Buyer', 'Consultant', 'Support Agent', 'Data Engineer',
  ],
} as const;
export const COUNTRIES: readonly (readonly [string, number])[] = [
  ['United States', 35], ['Germany', 12], ['United Kingdom', 10], ['France', 8], ['Netherlands', 5], ['Canada', 5],
  ['Spain', 4], ['Italy', 4], ['Sweden', 3], ['Japan', 3], ['Brazil', 3], ['India', 3], ['Australia', 3], ['USA', 1],
  ['germany', 1],
];
export const EMAIL_SUBJECTS = [
  'Renewal timeline', 'Quick question about invoices', 'Follow-up from our call', 'Roadmap preview', 'Contract draft',
  'Onboarding next steps', 'Pricing for additional seats', 'Support ticket escalation', 'Intro: our new CSM',
  'Agenda for next week',
];
export const MEETING_TITLES = [
  'Check-in', 'Weekly sync', 'Product demo', 'Onboarding session', 'Renewal discussion', 'Executive alignment',
  'Technical deep-dive', 'Kickoff', 'Monthly account review', 'Escalation call',
];
export const NOTE_BODIES = [
  'Customer happy with rollout.', 'Budget freeze until next quarter.', 'New VP joined, needs intro.',
  'Competitor evaluating; watch closely.', 'Asked for SSO pricing.', '', 'Champion moving to another team.',
];
export const TASK_SUBJECTS = [
  'Send recap', 'Prepare QBR deck', 'Follow up on renewal', 'Schedule exec intro', 'Call back about invoice',
  'Share case study', 'Check adoption metrics',
];
