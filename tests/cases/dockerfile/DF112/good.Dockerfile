FROM ruby:3.3
RUN gem install bundler:2.5.22
RUN gem install bundler -v 2.5.22
RUN gem install bundler --version "$BUNDLER_VERSION"
RUN gem install ./pkg/app-1.0.gem
RUN gem update --system 3.5.22
