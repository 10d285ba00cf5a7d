import type { passkeysEn } from './passkeys.en.ts'

export const passkeysHr = {
  'passkey.signIn': 'Prijava pristupnim ključem',
  'passkey.useInstead': 'Upotrijebite pristupni ključ',
  'passkey.cancelled': 'Pristupni ključ nije upotrijebljen. Pokušajte ponovno ili upotrijebite lozinku.',
  'passkey.failed': 'Ovaj pristupni ključ nije prihvaćen. Pokušajte ponovno ili upotrijebite lozinku.',
  'account.signIn.title': 'Prijava u vaš račun',
  'account.signIn.intro': 'Prijavite se kako biste upravljali pristupnim ključevima.',
  'passkeys.title': 'Vaši pristupni ključevi',
  'passkeys.intro':
    'Pristupni ključ prijavljuje vas zaključavanjem zaslona vašeg uređaja (otisak prsta, lice ili PIN) umjesto lozinkom.',
  'passkeys.signedInAs': 'Prijavljeni ste kao {email}.',
  'passkeys.none': 'Još nemate pristupnih ključeva.',
  'passkeys.name': 'Naziv',
  'passkeys.created': 'Dodan',
  'passkeys.lastUsed': 'Zadnja upotreba',
  'passkeys.never': 'Nikad',
  'passkeys.add': 'Dodaj pristupni ključ',
  'passkeys.field.name': 'Naziv novog pristupnog ključa',
  'passkeys.hint.name': 'Na primjer uređaj na kojem je.',
  'passkeys.added': 'Pristupni ključ je dodan.',
  'passkeys.addFailed': 'Pristupni ključ nije dodan. Pokušajte ponovno.',
  'passkeys.remove': 'Ukloni',
  'passkeys.removeLabel': 'Ukloni {name}',
  'passkeys.removed': 'Pristupni ključ je uklonjen.',
  'passkeys.password': 'Vaša lozinka, za uklanjanje pristupnog ključa',
  'passkeys.passwordHint': 'Nije potrebna u prvih 5 minuta nakon prijave.',
  'passkeys.wrongPassword':
    'Lozinka nije ispravna. Upišite je ili se ponovno prijavite kako biste uklonili pristupni ključ.',
  'passkeys.signInAgain': 'Za uklanjanje pristupnog ključa odjavite se i ponovno prijavite.',
  'passkeys.signOut': 'Odjava',
} satisfies Record<keyof typeof passkeysEn, string>
