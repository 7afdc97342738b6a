// Realistic raw material for generated support requests; reserved names (example domains, TEST-NET IPs, 555-01xx) keep it fictional.

export const firstNames = [
  'Ava', 'Ben', 'Carmen', 'Daniel', 'Elena', 'Farid', 'Grace', 'Hiro', 'Isabel', 'James',
  'Keisha', 'Liam', 'Maria', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Rosa', 'Samuel', 'Tara',
] as const;

export const lastNames = [
  'Anderson', 'Brooks', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ibrahim', 'Jensen',
  'Kim', 'Lopez', 'Miller', 'Nguyen', 'Okafor', 'Patel', 'Reyes', 'Schmidt', 'Turner', 'Walsh',
] as const;

export const emailDomains = ['example.com', 'example.org', 'example.net'] as const;

export interface City {
  city: string;
  state: string;
  zip: string;
  latitude: number;
  longitude: number;
  areaCode: string;
}

export const cities: readonly City[] = [
  { city: 'Boulder', state: 'CO', zip: '80302', latitude: 40.015, longitude: -105.2705, areaCode: '303' },
  { city: 'Austin', state: 'TX', zip: '78701', latitude: 30.2672, longitude: -97.7431, areaCode: '512' },
  { city: 'Seattle', state: 'WA', zip: '98101', latitude: 47.6062, longitude: -122.3321, areaCode: '206' },
  { city: 'Chicago', state: 'IL', zip: '60601', latitude: 41.8781, longitude: -87.6298, areaCode: '312' },
  { city: 'Boston', state: 'MA', zip: '02108', latitude: 42.3601, longitude: -71.0589, areaCode: '617' },
  { city: 'Denver', state: 'CO', zip: '80202', latitude: 39.7392, longitude: -104.9903, areaCode: '720' },
  { city: 'Portland', state: 'OR', zip: '97204', latitude: 45.5152, longitude: -122.6784, areaCode: '503' },
  { city: 'Atlanta', state: 'GA', zip: '30303', latitude: 33.749, longitude: -84.388, areaCode: '404' },
  { city: 'San Diego', state: 'CA', zip: '92101', latitude: 32.7157, longitude: -117.1611, areaCode: '619' },
  { city: 'Minneapolis', state: 'MN', zip: '55401', latitude: 44.9778, longitude: -93.265, areaCode: '612' },
];

export const streets = ['Main St.', 'Pearl St.', 'Oak Ave.', '2nd Ave.', 'Market St.', 'Elm St.', 'Lake Dr.'] as const;

export interface Company {
  name: string;
  slug: string;
  industry: string;
}

export const companies: readonly Company[] = [
  { name: 'Acme Analytics', slug: 'acmeanalytics', industry: 'Software' },
  { name: 'Bluebird Travel', slug: 'bluebirdtravel', industry: 'Travel' },
  { name: 'Cedar Health', slug: 'cedarhealth', industry: 'Healthcare' },
  { name: 'Driftwood Outfitters', slug: 'driftwood', industry: 'Retail' },
  { name: 'Evergreen Lending', slug: 'evergreenlending', industry: 'Financial Services' },
  { name: 'Foxglove Learning', slug: 'foxglove', industry: 'Education' },
];

export const titles = ['Office Manager', 'Marketing Director', 'CTO', 'Owner', 'Sales Associate', 'Operations Lead'] as const;
export const employeeRanges = ['1-10', '11-50', '51-200', '201-500', '501-1000'] as const;
export const genders = ['Male', 'Female', ''] as const;

export interface Browser {
  userAgent: string;
  browser: string;
  os: string;
  desktop: boolean;
}

export const browsers: readonly Browser[] = [
  {
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36',
    browser: 'Chrome (124.0.6367.91)',
    os: 'Microsoft Windows 10',
    desktop: true,
  },
  {
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
    browser: 'Safari (17.4.1)',
    os: 'Mac OS X',
    desktop: true,
  },
  {
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
    browser: 'Firefox (125.0)',
    os: 'Microsoft Windows 10',
    desktop: true,
  },
  {
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67',
    browser: 'Edge (124.0.2478.67)',
    os: 'Microsoft Windows 10',
    desktop: true,
  },
  {
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
    browser: 'Mobile Safari (17.4.1)',
    os: 'iOS 17.4.1',
    desktop: false,
  },
  {
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
    browser: 'Chrome Mobile (124.0.6367.82)',
    os: 'Android 14',
    desktop: false,
  },
];

export const languageCodes = ['en-US,en;q=0.9', 'en-US,en;q=0.8', 'en-GB,en;q=0.9,en-US;q=0.8', 'es-US,es;q=0.9,en;q=0.8'] as const;

export const referrers = ['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/', ''] as const;
export const pagePaths = ['/pricing', '/checkout', '/account/billing', '/docs/getting-started', '/contact'] as const;
export const plans = ['free', 'starter', 'pro', 'enterprise'] as const;

/** IPv4 documentation prefixes (RFC 5737): realistic-looking, never a real visitor. */
export const ipPrefixes = ['192.0.2', '198.51.100', '203.0.113'] as const;

export interface Conversation {
  topic: string;
  /** Alternating lines, visitor first; `{agent}` and `{visitor}` are replaced by first names. */
  lines: readonly string[];
}

export const conversations: readonly Conversation[] = [
  {
    topic: 'Billing',
    lines: [
      'Hi, I was charged twice for my subscription this month.',
      'Hi {visitor}, this is {agent}. Sorry about that! Let me look up your account.',
      'Thanks, the charges are both from the 3rd.',
      'I see the duplicate charge. I have refunded it; it should show up in 3-5 business days.',
      'Great, thank you for the quick help!',
      'You are welcome. Have a great day!',
    ],
  },
  {
    topic: 'Shipping',
    lines: [
      'Hello, where is my order? It was supposed to arrive yesterday.',
      'Hi {visitor}, I am {agent}. Could you share your order number?',
      'Sure, it is #48213.',
      'Thanks! The carrier shows it out for delivery today before 8 PM.',
    ],
  },
  {
    topic: 'Pricing',
    lines: [
      'Do you offer a discount for annual plans?',
      'Hi {visitor}! Yes, annual plans are 20% off the monthly price.',
      'Does that include the "Pro" tier?',
      'It does, and you can switch tiers at any time.',
      'Perfect, I will sign up now.',
    ],
  },
  {
    topic: 'Login',
    lines: [
      "I can't log in, the password reset email never arrives.",
      'Hi {visitor}, {agent} here. Could you check your spam folder first?',
      'Found it in spam, thanks. Resetting now.',
      'Glad that worked! Let me know if anything else comes up.',
    ],
  },
];

export const offlineMessages = [
  'Please call me back about a bulk order for our office.',
  'I need a copy of my last invoice for our accounting team.',
  'Can someone tell me whether you ship to Canada?',
  'Your checkout page shows an error when I apply my coupon code.',
] as const;
