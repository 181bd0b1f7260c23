export * from './lib/dto/incoming-document.dto';
export * from './lib/documents.service';
export * from './lib/documents.controller';
export * from './lib/documents.module';
